package dev.sluice.sss.session;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssFrameGate;
import dev.sluice.sss.SssFrameType;
import dev.sluice.sss.SssLimits;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.SssProtocolException.Rule;
import dev.sluice.sss.SssReader;
import dev.sluice.sss.SssWriter;
import dev.sluice.sss.session.impl.PayloadChunker;
import dev.sluice.sss.session.impl.ProxyBuffer;
import dev.sluice.sss.session.impl.ProxyOutbound;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's side of one serialized-SS link, as pure logic: bytes from the client go in through
 * {@link #receive}, bytes for the client come out of {@link #nextWrite}, and everything else is
 * asked of the {@link ProxySessionListener} (the driver owns the socket, the timers and the
 * onward stream). States follow lws's {@code LPCSPROX_*}: WAIT_INITIAL_TX until STREAMTYPE, then
 * REPORTING_OK or REPORTING_FAIL until CREATE_RESULT is taken for writing, then OPERATIONAL.
 *
 * <p>Client payload is cut to pieces of at most 1380 bytes (SOM on the first, EOM on the last)
 * and waits in {@link #pollOnwardTx()}; onward rx, states and metadata wait for the client with
 * lws's priority: rx metadata, then perf, then payload and states in order. Both directions share
 * the policy's {@code proxy_buflen}. Not thread-safe: drive it from one event loop.
 */
public final class ProxySession {

  /** The proxy's connection states (lws {@code lws_ss_conn_states_t}). */
  public enum State {
    /** Waiting for STREAMTYPE; lws allows 3 s. */
    WAIT_INITIAL_TX,
    /** The onward stream was created; CREATE_RESULT OK is next out. */
    REPORTING_OK,
    /** The onward stream could not be created; CREATE_RESULT fail is next out, then hang up. */
    REPORTING_FAIL,
    /** Payloads flow. */
    OPERATIONAL,
    /** Over; nothing more is read or written. */
    CLOSED
  }

  /** How long lws waits for STREAMTYPE ({@code PENDING_TIMEOUT_AWAITING_CLIENT_HS_SEND}). */
  public static final Duration INITIAL_TX_TIMEOUT = Duration.ofSeconds(3);
  /** Onward rx larger than this goes to the client in several RX_PAYLOAD frames. */
  public static final int MAX_RX_FRAME_PAYLOAD = 4096;

  private static final Logger log = LoggerFactory.getLogger(ProxySession.class);

  private final String tag;
  private final ProxySessionListener listener;
  private final SssReader reader;
  private final ProxyOutbound outbound;
  /** Client payload pieces waiting for the onward stream's tx, oldest first. */
  private final Deque<TxChunk> toOnward = new ArrayDeque<>();

  /** Where the link is; changed only by {@link #moveTo}. */
  private State state = State.WAIT_INITIAL_TX;
  /** The requested streamtype; null before STREAMTYPE. */
  private String streamType;
  /** The driver's answer to STREAMTYPE; null before it. */
  private CreateOutcome outcome;
  /** The stream's buffer; null until the onward stream is created. */
  private ProxyBuffer buffer;
  /** Why the session will close once the last frame is taken; null when it will not. */
  private SssProtocolException closeAfterWrite;
  /** Whether the session told the driver it is closing this time. */
  private boolean closeReported;
  /** Whether the driver is inside {@link ProxySessionListener#createOnward}. */
  private boolean creating;
  /** States the onward stream reported while being created, replayed once it exists. */
  private final List<long[]> earlyStates = new ArrayList<>();

  /**
   * @param tag names the link in logs, e.g. {@code uds#3}
   * @param clockMicros the microsecond clock stamped into RX_PAYLOAD, as lws's lws_now_usecs()
   */
  public ProxySession(String tag, ProxySessionListener listener, LongSupplier clockMicros) {
    this.tag = tag;
    this.listener = listener;
    Inbound inbound = new Inbound();
    this.reader = SssReader.clientFrames(inbound, inbound, SssLimits.DEFAULT);
    this.outbound = new ProxyOutbound(clockMicros);
  }

  /** A session stamping RX_PAYLOAD with the wall clock in microseconds. */
  public ProxySession(String tag, ProxySessionListener listener) {
    this(tag, listener, () -> System.currentTimeMillis() * 1000);
  }

  public State state() {
    return state;
  }

  /** The streamtype the client asked for; null before STREAMTYPE. */
  public String streamType() {
    return streamType;
  }

  /** Bytes held for either direction, against the policy's {@code proxy_buflen}. */
  public long bufferedBytes() {
    return buffer == null ? 0 : buffer.used();
  }

  // ---- the client link

  /** Bytes from the client, split or joined anyhow. */
  public void receive(byte[] data, int offset, int count) {
    reader.feed(data, offset, count);
  }

  public void receive(Bytes data) {
    reader.feed(data);
  }

  /**
   * The client link closed. A frame cut short is reported as the reason; either way the onward
   * stream is to be destroyed.
   */
  public void linkClosed() {
    if (state == State.CLOSED) {
      return;
    }
    reader.endOfInput(); // reports TRUNCATED through onError, which closes
    close(null);
  }

  /** {@link #INITIAL_TX_TIMEOUT} passed since the link was accepted. */
  public void initialTxTimeoutExpired() {
    if (state == State.WAIT_INITIAL_TX) {
      close(new SssProtocolException(Rule.TIMEOUT, SssFrameType.STREAMTYPE.wireName(),
          SssProtocolException.NO_OFFSET, "did not arrive within "
              + INITIAL_TX_TIMEOUT.toMillis() + " ms"));
    }
  }

  /**
   * The next frame for the client, or null. CREATE_RESULT first; then rx metadata, perf, and
   * payload and states in order. After a failed CREATE_RESULT is taken, the next call closes.
   */
  public Bytes nextWrite() {
    switch (state) {
      case REPORTING_OK:
        moveTo(State.OPERATIONAL);
        return createResult();
      case REPORTING_FAIL:
        if (closeAfterWrite != null) {
          // lws hangs up once the failure is written
          close(closeAfterWrite);
          return null;
        }
        closeAfterWrite = new SssProtocolException(Rule.CREATE_FAILED,
            SssFrameType.STREAMTYPE.wireName(), SssProtocolException.NO_OFFSET,
            "\"" + streamType + "\" refused: " + outcome.reason());
        return encode(ProxyFrame.CreateResult.failed());
      case OPERATIONAL:
        return takeOutbound();
      default:
        return null;
    }
  }

  private Bytes createResult() {
    List<String> chain = new ArrayList<>();
    chain.add(streamType);
    chain.addAll(outcome.rideshares());
    Bytes frame = encode(ProxyFrame.CreateResult.ok(outcome.clientBuflen(), chain));
    if (outbound.hasPending()) {
      listener.clientWriteReady();
    }
    return frame;
  }

  private Bytes takeOutbound() {
    Bytes next = outbound.take(buffer);
    if (next != null && outbound.rxFlowResumed(outcome)) {
      listener.onwardRxFlow(true);
    }
    return next;
  }

  // ---- the onward stream

  /**
   * The onward stream changed state; forwarded to the client as CONNSTATE (except
   * EVENT_WAIT_CANCELLED, which lws keeps to itself).
   */
  public void onwardState(long connState, long ack) {
    if (state == State.CLOSED || connState == SssConnState.EVENT_WAIT_CANCELLED.code()) {
      return;
    }
    if (buffer == null) {
      // the onward stream reports CREATING from inside createOnward, before its buffer exists
      if (creating) {
        earlyStates.add(new long[] {connState, ack});
      }
      return;
    }
    outbound.state(connState, ack, buffer);
    listener.clientWriteReady();
  }

  /**
   * Onward rx for the client. Returns false when the stream's buffer cannot take it: as lws does,
   * what waited for the client is dropped and the driver should disconnect the onward stream
   * (its DISCONNECTED will be forwarded).
   */
  public boolean onwardRx(Bytes payload, int flags) {
    if (isOver()) {
      return true;
    }
    for (TxChunk piece : PayloadChunker.split(payload, flags, MAX_RX_FRAME_PAYLOAD)) {
      if (!outbound.rx(piece, buffer)) {
        log.info("[{}] proxy buffer of {} bytes full: dropping rx for the client", tag,
            buffer.capacity());
        outbound.dropQueued(buffer);
        if (outbound.rxFlowResumed(outcome)) {
          listener.onwardRxFlow(true);
        }
        return false;
      }
    }
    if (outbound.rxFlowStopped(outcome)) {
      listener.onwardRxFlow(false);
    }
    listener.clientWriteReady();
    return true;
  }

  /** Rx metadata from the onward stream; goes to the client before queued payload. */
  public void onwardRxMetadata(String name, Bytes value) {
    if (isOver()) {
      return;
    }
    if (outbound.metadata(name, value)) {
      listener.clientWriteReady();
    } else {
      // lws would write it and its own client would hang up on it
      log.debug("[{}] rx metadata {} of {} bytes cannot travel to the client; dropped", tag, name,
          value.length());
    }
  }

  /** The onward peer lets the client send {@code delta} more bytes. */
  public void onwardTxCredit(int delta) {
    if (!isOver()) {
      outbound.txCredit(delta, buffer);
      listener.clientWriteReady();
    }
  }

  /** Performance JSON for a perf streamtype; goes out after rx metadata. */
  public void onwardPerf(Bytes json) {
    if (!isOver()) {
      outbound.perf(json);
      listener.clientWriteReady();
    }
  }

  /** The next piece of client payload for the onward stream's tx, or null. */
  public TxChunk pollOnwardTx() {
    TxChunk next = toOnward.poll();
    if (next != null) {
      buffer.release(next.payload().length());
    }
    return next;
  }

  private boolean isOver() {
    return state == State.CLOSED || buffer == null;
  }

  private static Bytes encode(ProxyFrame frame) {
    byte[] wire = SssWriter.encode(frame);
    return Bytes.unsafeWrap(wire, 0, wire.length);
  }

  private void moveTo(State next) {
    log.debug("[{}] {} -> {}", tag, state, next);
    state = next;
  }

  private void close(SssProtocolException reason) {
    if (closeReported) {
      return;
    }
    closeReported = true;
    if (reason != null) {
      log.info("[{}] closing: {}", tag, reason.getMessage());
    }
    moveTo(State.CLOSED);
    reader.close();
    toOnward.clear();
    outbound.clear();
    listener.closed(reason);
  }

  // ---- frames from the client

  private void onStreamType(ClientFrame.StreamType frame) {
    streamType = frame.streamType();
    creating = true;
    try {
      outcome = listener.createOnward(frame);
    } finally {
      creating = false;
    }
    if (outcome.created()) {
      buffer = new ProxyBuffer(outcome.proxyBuflen());
      moveTo(State.REPORTING_OK);
      earlyStates.forEach(early -> outbound.state(early[0], early[1], buffer));
      earlyStates.clear();
    } else {
      log.info("[{}] create '{}' failed: {}", tag, streamType, outcome.reason());
      moveTo(State.REPORTING_FAIL);
    }
    listener.clientWriteReady();
  }

  private void onTxPayload(ClientFrame.TxPayload frame) {
    List<TxChunk> pieces = PayloadChunker.split(frame.payload(), frame.flags());
    if (!buffer.tryReserve(frame.payload().length())) {
      close(new SssProtocolException(Rule.BUFFER_FULL, frame.type().wireName(),
          reader.frameOffset(), "of " + frame.payload().length() + " payload bytes does not fit"
              + " the " + buffer.capacity() + "-byte proxy buffer (" + buffer.used()
              + " in use)"));
      return;
    }
    toOnward.addAll(pieces);
    listener.onwardTxReady();
  }

  private void onTimeoutUpdate(ClientFrame.TimeoutUpdate frame) {
    if (frame.ms() == ClientFrame.TimeoutUpdate.CANCEL) {
      listener.cancelOnwardTimeout();
    } else {
      listener.startOnwardTimeout(frame.ms());
    }
  }

  /** Reader callback and gate, kept off the public surface. */
  private final class Inbound implements SssReader.ClientFrameCallback, SssFrameGate {

    @Override
    public boolean allows(SssFrameType type) {
      switch (state) {
        case WAIT_INITIAL_TX:
          return type == SssFrameType.STREAMTYPE || type == SssFrameType.DESTROYING;
        case REPORTING_OK:
          // lws applies these straight to the new onward stream; payload waits for OPERATIONAL
          return type != SssFrameType.STREAMTYPE && type != SssFrameType.TX_PAYLOAD
              && type != SssFrameType.ONWARD_CONNECT;
        case REPORTING_FAIL:
          return type == SssFrameType.DESTROYING;
        case OPERATIONAL:
          return type != SssFrameType.STREAMTYPE;
        default:
          return false;
      }
    }

    @Override
    public String stateName() {
      return state.name();
    }

    @Override
    public boolean declaresMetadata(String name) {
      return outcome != null && outcome.declaredMetadata().test(name);
    }

    @Override
    public void onStreamType(ClientFrame.StreamType frame) {
      ProxySession.this.onStreamType(frame);
    }

    @Override
    public void onOnwardConnect() {
      listener.connectOnward();
    }

    @Override
    public void onDestroying() {
      close(null);
    }

    @Override
    public void onTxPayload(ClientFrame.TxPayload frame) {
      ProxySession.this.onTxPayload(frame);
    }

    @Override
    public void onMetadata(ClientFrame.Metadata frame) {
      listener.setOnwardMetadata(frame.name(), frame.value());
    }

    @Override
    public void onTxCreditUpdate(ClientFrame.TxCreditUpdate frame) {
      listener.addOnwardPeerTxCredit(frame.delta());
    }

    @Override
    public void onTimeoutUpdate(ClientFrame.TimeoutUpdate frame) {
      ProxySession.this.onTimeoutUpdate(frame);
    }

    @Override
    public void onPayloadLengthHint(ClientFrame.PayloadLengthHint frame) {
      listener.setOnwardPayloadLength(frame.length());
    }

    @Override
    public void onError(SssProtocolException error) {
      close(error);
    }
  }
}
