package dev.sluice.proxy.impl;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.mux.MuxLink;
import dev.sluice.sss.mux.MuxLinkListener;
import dev.sluice.sss.mux.MuxLinkOptions;
import dev.sluice.sss.mux.MuxRole;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's end of lws's transport mux on one link: a {@link ProxyStream} per channel the
 * client opens. A stream whose bytes break closes only its channel; the others go on.
 */
final class MuxProxyLink implements MuxLinkListener {

  private static final Logger log = LoggerFactory.getLogger(MuxProxyLink.class);

  private final ProxyCore core;
  private final LinkIo io;
  private final String tag;
  private final MuxLink link;
  /** The stream of each open channel. */
  private final Map<Integer, ProxyStream> streams = new HashMap<>();
  /** The link's one timer; -1 when none is armed. */
  private long timer = -1;
  private boolean closed;

  MuxProxyLink(ProxyCore core, LinkIo io, String tag) {
    this.core = core;
    this.io = io;
    this.tag = tag + "/mux";
    this.link = new MuxLink(this.tag, MuxLinkOptions.of(MuxRole.PROXY), this);
    link.start();
  }

  void receive(Bytes bytes) {
    link.receive(bytes);
  }

  void drained() {
    for (ProxyStream s : Map.copyOf(streams).values()) {
      s.flush();
    }
  }

  void close() {
    closed = true;
    cancelTimer();
    link.close(); // closes every channel, and so every stream
  }

  private void cancelTimer() {
    if (timer >= 0) {
      core.vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  @Override
  public void write(Bytes bytes) {
    io.write(bytes.toBuffer());
  }

  @Override
  public void schedule(Duration delay) {
    cancelTimer();
    if (!closed) {
      timer = core.vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
        timer = -1;
        link.timerFired();
      });
    }
  }

  @Override
  public void linkUp() {
    log.debug("[{}] up", tag);
  }

  @Override
  public void linkDown() {
    log.info("[{}] down", tag);
  }

  @Override
  public void channelOpened(int channel, boolean byPeer) {
    ProxyStream stream = new ProxyStream(core, tag + "/" + channel, io.carrier(),
        new Channel(channel));
    streams.put(channel, stream);
  }

  @Override
  public void channelRefused(int channel) {
    // the proxy opens no channels of its own
  }

  @Override
  public void channelClosed(int channel) {
    ProxyStream stream = streams.remove(channel);
    if (stream != null) {
      stream.linkClosed();
    }
  }

  @Override
  public void data(int channel, Bytes payload) {
    ProxyStream stream = streams.get(channel);
    if (stream != null) {
      stream.receive(payload);
    }
  }

  @Override
  public void error(SssProtocolException error) {
    core.closedWithError(tag, io.carrier(), null, error);
  }

  /** One channel's bytes, framed as mux DATA. */
  private final class Channel implements ProxyStream.Out {
    private final int id;

    Channel(int id) {
      this.id = id;
    }

    @Override
    public void write(Bytes bytes) {
      if (link.isOpen(id)) {
        link.send(id, bytes);
      }
    }

    @Override
    public boolean full() {
      return io.writeQueueFull();
    }

    @Override
    public void close() {
      streams.remove(id);
      link.closeChannel(id);
    }
  }
}
