package dev.sluice.proxy.impl;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.mux.MuxOpcode;
import io.vertx.core.buffer.Buffer;

/**
 * One accepted link. Its first byte says what it carries: a serialized-SS frame type (STREAMTYPE,
 * 0xAA) means one stream for the whole link, as lws's socket transport does; a mux opcode
 * (0xF0–0xF9: lws sends RESET_TRANSPORT and PING first) means lws's transport mux, with a stream
 * per channel. Runs on the proxy's event loop.
 */
final class ProxyLink {

  private final ProxyCore core;
  private final LinkIo io;
  private final String tag;
  /** The single stream, until the link turns out to be muxed; null then. */
  private ProxyStream plain;
  /** The mux, once the first byte was a mux opcode; null otherwise. */
  private MuxProxyLink mux;
  /** Whether any byte arrived. */
  private boolean started;
  /** Whether the link is closed and counted out. */
  private boolean closed;

  ProxyLink(ProxyCore core, LinkIo io) {
    this.core = core;
    this.io = io;
    this.tag = core.nextTag(io.carrier());
    core.links.incrementAndGet();
    core.accepted.incrementAndGet();
    // the stream exists from accept, so its 3 s for STREAMTYPE run from accept as in lws
    plain = new ProxyStream(core, tag, io.carrier(), new WholeLink());
    io.handler(this::onData);
    io.closeHandler(v -> onClose());
    io.drainHandler(v -> drained());
  }

  private void onData(Buffer bytes) {
    if (bytes.length() == 0) {
      return;
    }
    if (!started) {
      started = true;
      if (MuxOpcode.fromCode(bytes.getUnsignedByte(0)) != null) {
        plain.discard();
        plain = null;
        mux = new MuxProxyLink(core, io, tag);
      }
    }
    if (plain != null) {
      plain.receive(bytes);
    } else if (mux != null) {
      mux.receive(Bytes.copyOf(bytes));
    }
  }

  private void drained() {
    if (plain != null) {
      plain.flush();
    } else if (mux != null) {
      mux.drained();
    }
  }

  private void onClose() {
    if (closed) {
      return;
    }
    closed = true;
    core.links.decrementAndGet();
    if (plain != null) {
      plain.linkClosed();
    } else if (mux != null) {
      mux.close();
    }
  }

  /** The plain stream's bytes go straight onto the link. */
  private final class WholeLink implements ProxyStream.Out {
    @Override
    public void write(Bytes bytes) {
      io.write(bytes.toBuffer());
    }

    @Override
    public void write(Buffer frames) {
      io.write(frames);
    }

    @Override
    public boolean full() {
      return io.writeQueueFull();
    }

    @Override
    public void close() {
      io.close();
    }
  }
}
