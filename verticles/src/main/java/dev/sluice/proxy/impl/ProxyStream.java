package dev.sluice.proxy.impl;

import dev.sluice.policy.StreamType;
import dev.sluice.runtime.ActivePolicy;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.spi.HostRegistry;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamHost;
import dev.sluice.ss.spi.StreamSpec;
import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.session.CreateOutcome;
import dev.sluice.sss.session.ProxySession;
import dev.sluice.sss.session.ProxySessionListener;
import dev.sluice.sss.session.TxChunk;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied stream: drives a {@link ProxySession} with the client's bytes and bridges it to an
 * onward stream made from the proxy's policy by this runtime's host for the protocol. Runs on the
 * link's event loop, which is also the onward stream's: no payload changes threads.
 */
final class ProxyStream implements ProxySessionListener, StreamClient {

  /** Where the stream's bytes for the client go: a whole link, or one mux channel. */
  interface Out {
    void write(Bytes bytes);

    /** Writes frames gathered in a buffer that is the carrier's from now on. */
    default void write(Buffer frames) {
      write(Bytes.copyOf(frames));
    }

    /** Whether the carrier wants no more writes until it drains. */
    boolean full();

    /** Hang up, once what was written has gone. */
    void close();
  }

  private static final Logger log = LoggerFactory.getLogger(ProxyStream.class);

  private final ProxyCore core;
  private final String tag;
  private final String carrier;
  private final Out out;
  private final ProxySession session;
  /** The onward stream; null before STREAMTYPE and when the policy refused it. */
  private HostedStream onward;
  /** The next client payload piece for the onward stream, taken early to know whether more wait. */
  private TxChunk nextTx;
  /** The STREAMTYPE timer; -1 once fired or cancelled. */
  private long initialTimer;
  /** Whether {@link #flush} is running (the session may ask for another from inside). */
  private boolean flushing;
  /** Whether the session is over and the counters were taken back. */
  private boolean closed;
  /** Whether the onward stream reported DESTROYING. */
  private boolean onwardGone;
  /**
   * Frames taken from the session in this turn of the event loop, not yet on the carrier; null
   * when none. One turn often makes several (an onward h1 response gives CONNECTED, the payload,
   * its EOM, QOS_ACK_REMOTE and DISCONNECTED): they go out as one write at the end of the turn,
   * one syscall and one wake-up of the client instead of one per frame.
   */
  private Buffer batch;

  ProxyStream(ProxyCore core, String tag, String carrier, Out out) {
    this.core = core;
    this.tag = tag;
    this.carrier = carrier;
    this.out = out;
    this.session = new ProxySession(tag, this);
    core.sessions.incrementAndGet();
    initialTimer = core.vertx.setTimer(core.options.getInitialTxTimeoutMs(), id -> {
      initialTimer = -1;
      session.initialTxTimeoutExpired();
    });
  }

  String tag() {
    return tag;
  }

  void receive(Buffer bytes) {
    byte[] data = bytes.getBytes();
    session.receive(data, 0, data.length);
  }

  void receive(Bytes bytes) {
    session.receive(bytes);
  }

  /** The client's link (or channel) closed. */
  void linkClosed() {
    session.linkClosed();
  }

  /**
   * Forgets a stream that never saw a byte, without a reason: the link turned out to be muxed.
   */
  void discard() {
    if (!closed) {
      closed = true;
      cancelInitialTimer();
      core.sessions.decrementAndGet();
    }
  }

  /** Writes what waits for the client while the carrier takes it. */
  void flush() {
    if (flushing) {
      return;
    }
    flushing = true;
    try {
      while (!out.full()) {
        Bytes next = session.nextWrite();
        if (next == null) {
          break;
        }
        if (batch == null) {
          batch = Buffer.buffer(Math.max(64, next.length()));
          core.context.runOnContext(v -> writeBatch());
        }
        next.appendTo(batch);
      }
    } finally {
      flushing = false;
    }
  }

  /** Puts what this turn took from the session on the carrier, in one write. */
  private void writeBatch() {
    Buffer b = batch;
    if (b != null) {
      batch = null;
      out.write(b);
    }
  }

  private void cancelInitialTimer() {
    if (initialTimer >= 0) {
      core.vertx.cancelTimer(initialTimer);
      initialTimer = -1;
    }
  }

  // ---- ProxySessionListener: what the client asks for

  @Override
  public CreateOutcome createOnward(ClientFrame.StreamType request) {
    cancelInitialTimer();
    String name = request.streamType();
    ActivePolicy active = PolicyHolder.of(core.vertx).current().orElse(null);
    if (active == null) {
      return CreateOutcome.refused("no policy is loaded in the proxy");
    }
    StreamType type = active.policy().streamType(name).orElse(null);
    if (type == null) {
      return CreateOutcome.refused("not in the policy " + active.source());
    }
    if (type.server()) {
      return CreateOutcome.refused("a server streamtype cannot be proxied");
    }
    StreamHost host = HostRegistry.of(core.vertx).host(type.protocol()).orElse(null);
    if (host == null) {
      return CreateOutcome.refused("no host for protocol " + type.protocol().policyName()
          + " is deployed with the proxy");
    }
    StreamSpec spec = new StreamSpec(tag + "|" + name, type, active.policy(), Map.of(),
        core.context, StreamSpec.FLAG_PROXIED);
    try {
      onward = host.open(spec, this);
    } catch (RuntimeException e) {
      log.warn("[{}] cannot open the onward stream: {}", tag, e.toString());
      return CreateOutcome.refused(e.getMessage());
    }
    core.onward.incrementAndGet();
    onward.start(); // CREATING, which the session sends after CREATE_RESULT
    return OnwardPolicy.created(active.policy(), type);
  }

  @Override
  public void connectOnward() {
    onward.connect();
  }

  @Override
  public void setOnwardMetadata(String name, Bytes value) {
    onward.setMetadata(name, value.utf8());
  }

  @Override
  public void setOnwardPayloadLength(long length) {
    // lws: lws_ss_request_tx_len on the onward stream, which starts a connection if none
    onward.requestTx(length);
  }

  @Override
  public void startOnwardTimeout(long ms) {
    onward.timeout(ms);
  }

  @Override
  public void cancelOnwardTimeout() {
    onward.timeout(-1);
  }

  @Override
  public void addOnwardPeerTxCredit(int delta) {
    onward.addPeerTxCredit(delta);
  }

  @Override
  public void onwardTxReady() {
    onward.requestTx(-1);
  }

  @Override
  public void clientWriteReady() {
    flush();
  }

  @Override
  public void onwardRxFlow(boolean allow) {
    if (onward != null) {
      onward.rxFlow(allow);
    }
  }

  @Override
  public void closed(SssProtocolException reason) {
    if (closed) {
      return;
    }
    closed = true;
    cancelInitialTimer();
    core.sessions.decrementAndGet();
    if (reason != null) {
      log.info("[{}] closed: {}", tag, reason.getMessage());
      core.closedWithError(tag, carrier, session.streamType(), reason);
    } else {
      log.debug("[{}] client gone", tag);
    }
    if (onward != null) {
      onward.destroy();
    }
    writeBatch(); // what was taken before the close still goes, as it did frame by frame
    out.close();
  }

  // ---- StreamClient: what the onward stream reports

  @Override
  public void onState(StreamState state, long ack) {
    if (state == StreamState.DESTROYING && !onwardGone) {
      onwardGone = true;
      core.onward.decrementAndGet();
    }
    if (state == StreamState.USER) {
      session.onwardState(ack, 0); // the wire carries the user state's own number
    } else {
      session.onwardState(state.code(), ack);
    }
  }

  @Override
  public void onRx(Buffer payload, int flags) {
    if (!session.onwardRx(Bytes.copyOf(payload), flags)) {
      onward.disconnect(); // the buffer overflowed, as lws: drop what waited and disconnect
    }
  }

  @Override
  public void onTxReady(TxRequest request) {
    TxChunk chunk = nextTx != null ? nextTx : session.pollOnwardTx();
    nextTx = null;
    if (chunk == null) {
      onward.txNone();
      return;
    }
    onward.tx(chunk.payload().toBuffer(), chunk.flags());
    if (SssFlags.has(chunk.flags(), SssFlags.EOM)) {
      // a finished message leaves the host not asking for more: ask again if more waits
      nextTx = session.pollOnwardTx();
      if (nextTx != null) {
        onward.requestTx(-1);
      }
    }
  }

  @Override
  public void onRxMetadata(String name, String value) {
    session.onwardRxMetadata(name, Bytes.utf8(value));
  }
}
