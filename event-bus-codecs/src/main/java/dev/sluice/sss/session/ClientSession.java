package dev.sluice.sss.session;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssFrame;
import dev.sluice.sss.SssFrameGate;
import dev.sluice.sss.SssFrameType;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.SssProtocolException.Rule;
import dev.sluice.sss.SssReader;
import dev.sluice.sss.SssWriter;
import dev.sluice.sss.impl.Checks;
import dev.sluice.sss.session.impl.PayloadChunker;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of one serialized-SS stream (lws's SSPC), as pure logic: the driver reports
 * the link ({@link #linkUp}, {@link #linkDown}), feeds bytes from the proxy to {@link #receive}
 * and writes what {@link #nextWrite} returns; the application's calls (requestTx, setMetadata...)
 * go straight to the session and its events come out of the {@link ClientSessionListener}.
 *
 * <p>States follow lws: SENDING_INITIAL_TX, WAITING_CREATE_RESULT, then LOCAL_CONNECTED once the
 * proxy created the stream (the session reports CREATING itself and drops the CREATING the proxy
 * forwards), OPERATIONAL once the proxy forwards CONNECTED. Pending metadata, then the payload
 * length hint, then ONWARD_CONNECT go out only after the application asked for tx or a
 * connection; TIMEOUT_UPDATE goes before all of them. Every forwarded state is checked against
 * lws's transition table. Not thread-safe: drive it from one event loop.
 */
public final class ClientSession {

  /** The client's link states (lws {@code LPCSCLI_*}), plus before and after. */
  public enum State {
    /** No link to the proxy (at first, and after it drops). */
    LINK_DOWN,
    /** Linked; STREAMTYPE is next out. */
    SENDING_INITIAL_TX,
    /** STREAMTYPE written; waiting for CREATE_RESULT. */
    WAITING_CREATE_RESULT,
    /** The proxy created the stream; its onward connection is not up. */
    LOCAL_CONNECTED,
    /** The proxy reported CONNECTED; payload may flow. */
    OPERATIONAL,
    /** Destroyed; nothing more happens. */
    DESTROYED
  }

  /** How often lws retries an unreachable proxy. */
  public static final Duration LINK_RETRY = Duration.ofSeconds(1);

  private enum ConnRequest { NONE, REQUESTED, ONGOING, CONNECTED }

  /** Key of the pending tx credit entry in the metadata queue, as lws names it. */
  private static final String TX_CREDIT = "";

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  private final String tag;
  private final ClientSessionOptions options;
  private final ClientSessionListener listener;
  /** Metadata (and the tx credit entry "") not yet sent, oldest first; a re-set moves to last. */
  private final Map<String, Bytes> pendingMetadata = new LinkedHashMap<>();
  /** Rx metadata received from the proxy, by name. */
  private final Map<String, Bytes> rxMetadata = new HashMap<>();

  /** Where the link is; changed only by {@link #moveTo}. */
  private State state = State.LINK_DOWN;
  /** Reads the current link; replaced on each {@link #linkUp}. */
  private SssReader reader;
  /** Where the onward connection request stands. */
  private ConnRequest connRequest = ConnRequest.NONE;
  /** Whether the application asked for a tx callback not yet made. */
  private boolean txRequested;
  /** Microsecond clock when tx was first requested since the last write; 0 when none. */
  private long earliestWriteRequest;
  /** A timeout update not yet sent; -1 when none. */
  private long pendingTimeout = -1;
  /** A payload length hint not yet sent; -1 when none. */
  private long pendingLength = -1;
  /** Credit to grant the peer in the next TXCR_UPDATE, summed. */
  private int pendingTxCredit;
  /** Whether CREATING was reported on this link. */
  private boolean creatingReported;
  /** Last state reported, for the transition check; null before CREATING. */
  private SssConnState lastState;
  /** Whether CONNECTED was reported without a DISCONNECTED after it. */
  private boolean connected;
  /** The tx credit the onward peer granted (lws only logs when it runs short). */
  private long txCredit;
  /** Our estimate of what the peer may still send us. */
  private long peerTxCreditEstimate;
  /** From CREATE_RESULT: the policy's client buffer size (0: default). */
  private long clientBuflen;
  /** From CREATE_RESULT: the streamtype and its rideshares. */
  private List<String> rideshares = List.of();

  public ClientSession(String tag, ClientSessionOptions options, ClientSessionListener listener) {
    this.tag = tag;
    this.options = options;
    this.listener = listener;
    this.peerTxCreditEstimate = options.initialTxCredit();
  }

  public State state() {
    return state;
  }

  public String streamType() {
    return options.streamType();
  }

  /** The last value the proxy sent for this rx metadata name, or null. */
  public Bytes rxMetadata(String name) {
    return rxMetadata.get(name);
  }

  /** The tx credit the onward peer granted through the proxy, less what was sent. */
  public long txCredit() {
    return txCredit;
  }

  /** What the onward peer may still send us: the initial credit, less rx, plus grants. */
  public long peerTxCreditEstimate() {
    return peerTxCreditEstimate;
  }

  /** The client buffer size the proxy's policy suggests (0: the 32 KiB default). */
  public long clientBuflen() {
    return clientBuflen;
  }

  /** The streamtype and its rideshares, from CREATE_RESULT. */
  public List<String> rideshares() {
    return rideshares;
  }

  // ---- the link

  /** A link to the proxy is up: STREAMTYPE goes out next. */
  public void linkUp() {
    if (state != State.LINK_DOWN) {
      throw new IllegalStateException("linkUp in state " + state);
    }
    Inbound inbound = new Inbound();
    reader = SssReader.proxyFrames(inbound, inbound, options.limits());
    moveTo(State.SENDING_INITIAL_TX);
    listener.writeReady();
  }

  /**
   * The link dropped (or was closed after {@link ClientSessionListener#closed}). Reports
   * DISCONNECTED if the stream was connected; the driver retries after {@link #LINK_RETRY}.
   */
  public void linkDown() {
    if (state == State.LINK_DOWN || state == State.DESTROYED) {
      return;
    }
    reader.close();
    connRequest = ConnRequest.NONE;
    creatingReported = false;
    // a new link starts from CREATING again, which lws's table only allows first
    lastState = null;
    moveTo(State.LINK_DOWN);
    reportDisconnectedIfConnected();
  }

  /** A connection attempt failed; lws reports UPSTREAM_LINK_RETRY with the ms spent trying. */
  public void linkFailed(long msTrying) {
    if (state != State.DESTROYED) {
      listener.state(SssConnState.UPSTREAM_LINK_RETRY.code(), Math.min(msTrying, Checks.U32_MAX));
    }
  }

  /** Bytes from the proxy, split or joined anyhow. */
  public void receive(byte[] data, int offset, int count) {
    if (reader != null) {
      reader.feed(data, offset, count);
    }
  }

  public void receive(Bytes data) {
    if (reader != null) {
      reader.feed(data);
    }
  }

  /**
   * The next frame for the proxy, or null. Order: STREAMTYPE; then TIMEOUT_UPDATE, METADATA and
   * TXCR_UPDATE (oldest first), PAYLOAD_LENGTH_HINT; then ONWARD_CONNECT (once requested) or, when
   * OPERATIONAL, payload from {@link ClientSessionListener#tx}.
   */
  public Bytes nextWrite() {
    switch (state) {
      case SENDING_INITIAL_TX:
        moveTo(State.WAITING_CREATE_RESULT);
        return encode(new ClientFrame.StreamType(options.pid(), options.initialTxCredit(),
            options.streamType()));
      case LOCAL_CONNECTED:
      case OPERATIONAL:
        Bytes control = nextControl();
        if (control != null) {
          return control;
        }
        return state == State.LOCAL_CONNECTED ? onwardConnect() : payload();
      default:
        return null;
    }
  }

  private Bytes nextControl() {
    if (pendingTimeout >= 0) {
      long ms = pendingTimeout;
      pendingTimeout = -1;
      return encode(new ClientFrame.TimeoutUpdate(ms));
    }
    if (!pendingMetadata.isEmpty()) {
      Map.Entry<String, Bytes> oldest = pendingMetadata.entrySet().iterator().next();
      pendingMetadata.remove(oldest.getKey());
      if (oldest.getKey().equals(TX_CREDIT)) {
        int delta = pendingTxCredit;
        pendingTxCredit = 0;
        return encode(new ClientFrame.TxCreditUpdate(delta));
      }
      return encode(new ClientFrame.Metadata(oldest.getKey(), oldest.getValue()));
    }
    if (pendingLength >= 0) {
      long length = pendingLength;
      pendingLength = -1;
      return encode(new ClientFrame.PayloadLengthHint(length));
    }
    return null;
  }

  private Bytes onwardConnect() {
    if (connRequest != ConnRequest.REQUESTED) {
      return null;
    }
    connRequest = ConnRequest.ONGOING;
    return encode(ClientFrame.OnwardConnect.INSTANCE);
  }

  private Bytes payload() {
    if (!txRequested) {
      return null;
    }
    txRequested = false;
    TxChunk chunk = listener.tx(options.maxTxPayload());
    if (chunk == null) {
      return null;
    }
    if (chunk.payload().length() > options.maxTxPayload()) {
      throw new IllegalArgumentException("tx returned " + chunk.payload().length()
          + " bytes, more than the " + options.maxTxPayload() + " offered");
    }
    long now = options.clockMicros().getAsLong();
    long waited = earliestWriteRequest == 0 ? 0 : now - earliestWriteRequest;
    earliestWriteRequest = 0;
    txCredit -= chunk.payload().length();
    // we send no rideshare name, so the flag cannot go either
    int flags = chunk.flags() & ~SssFlags.RIDESHARE;
    return encode(new ClientFrame.TxPayload(flags, Math.max(0, Math.min(waited, Checks.U32_MAX)),
        now, null, chunk.payload()));
  }

  // ---- the application's calls

  /**
   * Asks for a {@link ClientSessionListener#tx} callback; before the onward stream is connected,
   * also asks the proxy to connect it.
   */
  public void requestTx() {
    if (state == State.DESTROYED) {
      return;
    }
    txRequested = true;
    if (earliestWriteRequest == 0) {
      earliestWriteRequest = options.clockMicros().getAsLong();
    }
    requestConnection();
  }

  /** As {@link #requestTx()}, announcing the payload length (for a content-length). */
  public void requestTxLength(long length) {
    Checks.u32(SssFrameType.PAYLOAD_LENGTH_HINT, "length", length);
    pendingLength = length;
    requestTx();
  }

  /** Asks the proxy to connect the onward stream without asking for tx. */
  public void connect() {
    if (state != State.DESTROYED) {
      requestConnection();
    }
  }

  private void requestConnection() {
    if (connRequest == ConnRequest.NONE
        && (state == State.LOCAL_CONNECTED || state == State.LINK_DOWN
            || state == State.SENDING_INITIAL_TX || state == State.WAITING_CREATE_RESULT)) {
      // remembered until the stream is created at the proxy, as a pending write is in lws
      connRequest = ConnRequest.REQUESTED;
    }
    writeReadyIfLinked();
  }

  /** Sets metadata for the onward stream; replaces a value not yet sent. */
  public void setMetadata(String name, Bytes value) {
    new ClientFrame.Metadata(name, value); // the frame's checks, with its messages
    pendingMetadata.remove(name);
    pendingMetadata.put(name, value);
    writeReadyIfLinked();
  }

  /** Lets the onward peer send {@code delta} more bytes (h2, MQTT windows). */
  public void addPeerTxCredit(int delta) {
    pendingTxCredit += delta;
    peerTxCreditEstimate += delta;
    pendingMetadata.remove(TX_CREDIT);
    pendingMetadata.put(TX_CREDIT, Bytes.EMPTY);
    writeReadyIfLinked();
  }

  /** Starts the onward stream's timeout: {@code ms}, or 0 for the policy's. */
  public void startTimeout(long ms) {
    pendingTimeout = Checks.u32(SssFrameType.TIMEOUT_UPDATE, "ms", ms);
    writeReadyIfLinked();
  }

  public void cancelTimeout() {
    startTimeout(ClientFrame.TimeoutUpdate.CANCEL);
  }

  /**
   * Destroys the stream: DISCONNECTED if it was connected, then DESTROYING, then the link is
   * closed. lws clients send no DESTROYING frame; the proxy sees the link close.
   */
  public void destroy() {
    if (state == State.DESTROYED) {
      return;
    }
    if (reader != null) {
      reader.close();
    }
    moveTo(State.DESTROYED);
    reportDisconnectedIfConnected();
    listener.state(SssConnState.DESTROYING.code(), 0);
    listener.closed(null);
  }

  private void writeReadyIfLinked() {
    if (state == State.LOCAL_CONNECTED || state == State.OPERATIONAL) {
      listener.writeReady();
    }
  }

  // ---- frames from the proxy

  private void onCreateResult(ProxyFrame.CreateResult frame) {
    if (!frame.isOk()) {
      fail(new SssProtocolException(Rule.CREATE_FAILED, frame.type().wireName(),
          reader.frameOffset(), "streamtype \"" + options.streamType()
              + "\" refused by the proxy (result " + frame.result() + ")"));
      return;
    }
    clientBuflen = frame.clientBuflen();
    rideshares = frame.rideshare();
    moveTo(State.LOCAL_CONNECTED);
    if (!creatingReported) {
      creatingReported = true;
      lastState = SssConnState.CREATING;
      listener.state(SssConnState.CREATING.code(), 0);
    }
    listener.writeReady();
  }

  private void onConnState(ProxyFrame.ConnState frame) {
    long code = frame.state();
    SssConnState known = frame.known();
    if (known == SssConnState.CREATING && creatingReported) {
      return; // reported already when CREATE_RESULT arrived
    }
    if (known == SssConnState.CONNECTED && state == State.OPERATIONAL) {
      return; // lws shows CONNECTED once per connection
    }
    if (!SssConnState.isLegal(lastState, code)) {
      illegal(frame);
      return;
    }
    followProxyState(known);
    if (!SssConnState.isTransient(code)) {
      lastState = known;
    }
    creatingReported |= known == SssConnState.CREATING;
    connected = known == SssConnState.CONNECTED || connected && known != SssConnState.DISCONNECTED;
    listener.state(code, frame.ack());
  }

  private void followProxyState(SssConnState known) {
    if (known == SssConnState.DISCONNECTED || known == SssConnState.UNREACHABLE
        || known == SssConnState.AUTH_FAILED) {
      moveTo(State.LOCAL_CONNECTED);
      connRequest = ConnRequest.NONE;
    } else if (known == SssConnState.CONNECTED) {
      moveTo(State.OPERATIONAL);
      connRequest = ConnRequest.CONNECTED;
      if (txRequested) {
        listener.writeReady();
      }
    }
  }

  /** lws destroys a stream whose proxy forwards a state its table forbids. */
  private void illegal(ProxyFrame.ConnState frame) {
    SssProtocolException reason = new SssProtocolException(Rule.ILLEGAL_STATE_CHANGE,
        frame.type().wireName(), reader.frameOffset(), SssConnState.nameOf(frame.state())
            + " after " + (lastState == null ? "no state" : lastState.name())
            + " is not a legal transition");
    log.info("[{}] {}", tag, reason.getMessage());
    reader.close();
    moveTo(State.DESTROYED);
    reportDisconnectedIfConnected();
    listener.state(SssConnState.DESTROYING.code(), 0);
    listener.closed(reason);
  }

  private void onRxPayload(ProxyFrame.RxPayload frame) {
    peerTxCreditEstimate -= frame.payload().length();
    for (TxChunk piece : PayloadChunker.split(frame.payload(), frame.flags())) {
      listener.rx(piece.payload(), piece.flags());
    }
  }

  private void onRxMetadata(ProxyFrame.Metadata frame) {
    rxMetadata.put(frame.name(), frame.value());
    listener.rxMetadata(frame.name(), frame.value());
  }

  private void onTxCredit(ProxyFrame.TxCreditUpdate frame) {
    txCredit += frame.delta();
    if (txRequested) {
      writeReadyIfLinked();
    }
  }

  private void fail(SssProtocolException reason) {
    log.info("[{}] closing the link: {}", tag, reason.getMessage());
    linkDown();
    listener.closed(reason);
  }

  private void reportDisconnectedIfConnected() {
    if (connected) {
      connected = false;
      listener.state(SssConnState.DISCONNECTED.code(), 0);
    }
  }

  private void moveTo(State next) {
    log.debug("[{}] {} -> {}", tag, state, next);
    state = next;
  }

  private static Bytes encode(SssFrame frame) {
    byte[] wire = SssWriter.encode(frame);
    return Bytes.unsafeWrap(wire, 0, wire.length);
  }

  /** Reader callback and gate, kept off the public surface. */
  private final class Inbound implements SssReader.ProxyFrameCallback, SssFrameGate {

    @Override
    public boolean allows(SssFrameType type) {
      boolean linked = state == State.LOCAL_CONNECTED || state == State.OPERATIONAL;
      switch (type) {
        case CREATE_RESULT:
          return state == State.WAITING_CREATE_RESULT;
        case RX_PAYLOAD:
        case CONNSTATE:
          return linked;
        default:
          // lws takes metadata, credit and perf in any state of a live link
          return true;
      }
    }

    @Override
    public String stateName() {
      return state.name();
    }

    @Override
    public void onRxPayload(ProxyFrame.RxPayload frame) {
      ClientSession.this.onRxPayload(frame);
    }

    @Override
    public void onCreateResult(ProxyFrame.CreateResult frame) {
      ClientSession.this.onCreateResult(frame);
    }

    @Override
    public void onConnState(ProxyFrame.ConnState frame) {
      ClientSession.this.onConnState(frame);
    }

    @Override
    public void onTxCreditUpdate(ProxyFrame.TxCreditUpdate frame) {
      onTxCredit(frame);
    }

    @Override
    public void onMetadata(ProxyFrame.Metadata frame) {
      onRxMetadata(frame);
    }

    @Override
    public void onPerf(ProxyFrame.Perf frame) {
      listener.rx(frame.json(), SssFlags.SOM | SssFlags.EOM | SssFlags.PERF_JSON);
    }

    @Override
    public void onError(SssProtocolException error) {
      fail(error);
    }
  }
}
