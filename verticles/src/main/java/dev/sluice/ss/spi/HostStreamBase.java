package dev.sluice.ss.spi;

import dev.sluice.policy.RetrySchedule;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.policy.Template;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of every hosted stream that does not depend on the protocol: lws's client state
 * sequence, retry with the policy's backoff, the stream timeout, nailed-up reconnection, metadata
 * and the tx pull. A protocol binding extends it and implements the four {@code protocol*} hooks,
 * calling back {@link #connectionUp()}, {@link #connectFailed}, {@link #connectionClosed} and the
 * rx/tx helpers as its connection progresses.
 *
 * <p>Confined to the stream's context: every method must be called on it. Client callbacks may
 * re-enter (a handler that destroys the stream from its state callback), so after every report
 * the code checks {@link #isDestroyed()} before going on.
 */
public abstract class HostStreamBase implements HostedStream {

  private static final Logger log = LoggerFactory.getLogger(HostStreamBase.class);

  /** Largest payload one tx answer may carry. */
  public static final int DEFAULT_MAX_TX = 64 * 1024;

  /** Where the stream's connection is. */
  protected enum Phase { IDLE, CONNECTING, CONNECTED, RETRY_WAIT, DESTROYED }

  protected final StreamSpec spec;
  protected final StreamType type;
  protected final StreamClient client;
  protected final Context context;
  protected final Vertx vertx;
  protected final String tag;
  private final StateTracker states;
  private final RetrySchedule retry;
  /**
   * Current metadata values: set by the client, or filled from the peer. Starts as the spec's
   * (immutable) map and is copied on the first change, since most streams never change theirs.
   * Bindings read it; only this class writes it.
   */
  protected Map<String, String> metadata;
  /** Where the connection is; DESTROYED is final. */
  private Phase phase = Phase.IDLE;
  /** The client asked to send and has not been asked for data since. */
  private boolean txPending;
  /** onTxReady was issued and its answer has not come yet. */
  private boolean awaitingTx;
  /** The message being sent has not had its EOM yet: keep asking for pieces. */
  private boolean messageOpen;
  /** Body length announced with requestTx(len), or -1. Cleared when a transaction ends. */
  private long lengthHint = -1;
  /** How many times tx was asked (lws's ord). */
  private long txOrdinal;
  /** CONNECTED was reported for the current connection. */
  private boolean connectedReported;
  /** Timer ids, -1 when not armed. */
  private long retryTimer = -1;
  private long timeoutTimer = -1;

  protected HostStreamBase(StreamSpec spec, StreamClient client, RetrySchedule retry) {
    this.spec = spec;
    this.type = spec.type();
    this.client = client;
    this.context = spec.context();
    this.vertx = context.owner();
    this.tag = spec.tag();
    this.states = new StateTracker(tag);
    this.retry = retry;
    this.metadata = spec.metadata();
  }

  // ------------------------------------------------------------------ protocol hooks

  /** Open the connection; report back with connectionUp() or connectFailed(). */
  protected abstract void protocolConnect();

  /** Close the connection (if any) without reporting anything; used by destroy and timeouts. */
  protected abstract void protocolClose();

  /** Send one piece the client produced; call {@link #txWritten()} when more can be written. */
  protected abstract void protocolWrite(Buffer payload, int flags);

  /** The client has data to send on an established connection: call {@link #pullTx()} when writable. */
  protected abstract void protocolTxWanted();

  /** Pause or resume reading from the connection. */
  protected void protocolRxFlow(boolean enabled) {
  }

  /** Give the peer more credit (h2, MQTT); other protocols ignore it. */
  @Override
  public void addPeerTxCredit(int bytes) {
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public void start() {
    if (!report(StreamState.CREATING, 0)) {
      return;
    }
    if (type.nailedUp()) {
      startConnect();
    }
  }

  @Override
  public void connect() {
    if (isDestroyed()) {
      return;
    }
    retry.reset();
    if (phase == Phase.RETRY_WAIT) {
      cancelRetry();
      phase = Phase.IDLE;
    }
    if (phase == Phase.IDLE) {
      startConnect();
    }
  }

  @Override
  public void requestTx(long hint) {
    if (isDestroyed()) {
      return;
    }
    txPending = true;
    if (hint >= 0) {
      lengthHint = hint;
    }
    switch (phase) {
      case IDLE -> {
        retry.reset();
        // lws reports POLL when a send starts a connection from a fresh stream
        if (states.current() == StreamState.CREATING && !report(StreamState.POLL, 0)) {
          return;
        }
        startConnect();
      }
      case CONNECTED -> protocolTxWanted();
      default -> { } // connecting or waiting to retry: the send happens once connected
    }
  }

  @Override
  public void setMetadata(String name, String value) {
    if (value == null) {
      writableMetadata().remove(name);
    } else {
      writableMetadata().put(name, value);
    }
  }

  @Override
  public void timeout(long ms) {
    cancelTimeout();
    if (ms < 0 || isDestroyed()) {
      return;
    }
    long effective = ms == 0 ? type.timeoutMs() : ms;
    if (effective > 0) {
      timeoutTimer = vertx.setTimer(effective, id -> {
        timeoutTimer = -1;
        onTimeout();
      });
    }
  }

  @Override
  public void rxFlow(boolean enabled) {
    if (!isDestroyed()) {
      protocolRxFlow(enabled);
    }
  }

  @Override
  public void disconnect() {
    if (isDestroyed() || phase == Phase.IDLE || phase == Phase.RETRY_WAIT) {
      return;
    }
    protocolClose();
    connectionClosed("closed by the application");
  }

  @Override
  public void destroy() {
    if (isDestroyed()) {
      return;
    }
    Phase was = phase;
    phase = Phase.DESTROYED;
    cancelRetry();
    cancelTimeout();
    if (was == Phase.CONNECTING || was == Phase.CONNECTED) {
      protocolClose();
    }
    if (states.advance(StreamState.DESTROYING)) {
      client.onState(StreamState.DESTROYING, 0);
    }
    onDestroyed();
  }

  /** Frees what the binding holds; called once, after DESTROYING was reported. */
  protected void onDestroyed() {
  }

  // ------------------------------------------------------------------ tx pull

  @Override
  public void tx(Buffer payload, int flags) {
    if (isDestroyed() || !awaitingTx) {
      return;
    }
    awaitingTx = false;
    messageOpen = !StreamFlags.has(flags, StreamFlags.EOM);
    try {
      protocolWrite(payload, flags);
    } catch (RuntimeException e) {
      // A binding that cannot write (a transport refusing the write) must not leave the stream
      // hanging with nothing said: the connection is dropped and the policy decides what follows.
      log.error("{}: writing {} bytes failed: {}", tag, payload.length(), e.toString(), e);
      protocolClose();
      connectionClosed("write failed: " + e.getMessage());
    }
  }

  @Override
  public void txNone() {
    awaitingTx = false;
  }

  /**
   * The binding can write now: asks the client for a piece if it wants to send (or is in the middle
   * of a message).
   */
  protected void pullTx() {
    if (isDestroyed() || phase != Phase.CONNECTED || awaitingTx || !(txPending || messageOpen)) {
      return;
    }
    txPending = false;
    awaitingTx = true;
    client.onTxReady(new TxRequest(txOrdinal++, maxTxLength()));
  }

  /** The piece was written and more may follow: keep pulling while the message is open. */
  protected void txWritten() {
    if (messageOpen || txPending) {
      pullTx();
    }
  }

  /**
   * The client's send request was served without asking it for data (an HTTP GET: the request
   * itself is what it asked for), so it does not start another transaction.
   */
  protected void txRequestServed() {
    txPending = false;
  }

  protected int maxTxLength() {
    return DEFAULT_MAX_TX;
  }

  /** True while the client wants to send (a requestTx not yet answered, or an open message). */
  protected boolean wantsTx() {
    return txPending || messageOpen;
  }

  /** The length announced with requestTx(len), or -1. */
  protected long lengthHint() {
    return lengthHint;
  }

  // ------------------------------------------------------------------ rx

  protected void deliverRx(Buffer payload, int flags) {
    if (!isDestroyed()) {
      client.onRx(payload, flags);
    }
  }

  /** A peer value for a metadata name (a response header): stored, and told to the client. */
  protected void deliverMetadata(String name, String value) {
    if (!isDestroyed()) {
      writableMetadata().put(name, value);
      client.onRxMetadata(name, value);
    }
  }

  // ------------------------------------------------------------------ connection progress

  private void startConnect() {
    phase = Phase.CONNECTING;
    connectedReported = false;
    if (!report(StreamState.CONNECTING, 0)) {
      return;
    }
    if (type.timeoutMs() > 0 && timeoutTimer < 0) {
      timeout(0);
    }
    protocolConnect();
  }

  /** The connection is usable (the binding decides when to report CONNECTED). */
  protected void connectionUp() {
    if (!isDestroyed()) {
      phase = Phase.CONNECTED;
    }
  }

  /** Reports CONNECTED once per connection; returns false if the stream went away meanwhile. */
  protected boolean reportConnected() {
    if (connectedReported) {
      return !isDestroyed();
    }
    connectedReported = true;
    return report(StreamState.CONNECTED, 0);
  }

  protected boolean isConnectedReported() {
    return connectedReported;
  }

  /** A proof that the connection works: the retry count starts again (lws does this on success). */
  protected void validityConfirmed() {
    retry.reset();
  }

  /**
   * The attempt failed before the stream was connected: reports {@code state} (UNREACHABLE or
   * AUTH_FAILED) and retries by the policy, or gives up with ALL_RETRIES_FAILED.
   */
  protected void connectFailed(StreamState state, long ack, String why, long retryAfterMs) {
    if (isDestroyed()) {
      return;
    }
    log.info("{}: connection failed: {}", tag, why);
    phase = Phase.IDLE;
    if (!report(state, ack)) {
      return;
    }
    backoff(retryAfterMs);
  }

  /**
   * The connection closed. Reports DISCONNECTED if CONNECTED was reported (a failure otherwise);
   * then reconnects if the streamtype is nailed up (by the retry schedule) or the client still
   * wants to send. DISCONNECTED's ack is the delay in ms before the stream reconnects by itself, 0
   * when it will not.
   */
  protected void connectionClosed(String why) {
    closed(why, -1, null, 0);
  }

  /**
   * The peer asked to be tried again later (an HTTP 503 or 429 with Retry-After): if the policy's
   * schedule allows another attempt, reports DISCONNECTED and reconnects after its delay (never
   * sooner than {@code retryAfterMs}); otherwise reports {@code giveUp} (QOS_NACK_REMOTE) and
   * DISCONNECTED.
   */
  protected void closedRetryingAfter(String why, long retryAfterMs, StreamState giveUp, long giveUpAck) {
    closed(why, Math.max(0, retryAfterMs), giveUp, giveUpAck);
  }

  private void closed(String why, long retryAfterMs, StreamState giveUp, long giveUpAck) {
    if (isDestroyed() || phase == Phase.IDLE || phase == Phase.RETRY_WAIT) {
      return;
    }
    awaitingTx = false;
    messageOpen = false;
    if (!connectedReported) {
      connectFailed(StreamState.UNREACHABLE, 0, why, 0);
      return;
    }
    log.debug("{}: connection closed: {}", tag, why);
    phase = Phase.IDLE;
    connectedReported = false;
    lengthHint = -1;
    boolean reconnect = type.nailedUp() || retryAfterMs >= 0;
    RetrySchedule.Step step = reconnect ? retry.next(Math.max(0, retryAfterMs)) : null;
    boolean retrying = step != null && step.conceal();
    if (giveUp != null && !retrying && !report(giveUp, giveUpAck)) {
      return;
    }
    if (!report(StreamState.DISCONNECTED, retrying ? Math.max(1, step.delayMs()) : 0)) {
      return;
    }
    if (retrying) {
      scheduleRetry(step);
    } else if (step != null) {
      log.info("{}: not reconnecting: the retry policy allows no more attempts", tag);
    } else if (txPending) {
      startConnect();
    }
  }

  /**
   * Drops the connection without reporting anything more: after a state from which lws allows no
   * DISCONNECTED (QOS_NACK_LOCAL), the stream only waits to be destroyed.
   */
  protected void abandonConnection() {
    if (isDestroyed()) {
      return;
    }
    cancelRetry();
    cancelTimeout();
    if (phase == Phase.CONNECTING || phase == Phase.CONNECTED) {
      protocolClose();
    }
    phase = Phase.IDLE;
    connectedReported = false;
    txPending = false;
    awaitingTx = false;
    messageOpen = false;
  }

  /**
   * Reconnects by the retry schedule after a DISCONNECTED the binding needs to recover from (MQTT
   * messages still awaiting their acknowledgement); gives up quietly when the schedule does.
   */
  protected void reconnect() {
    if (!isDestroyed() && phase == Phase.IDLE) {
      RetrySchedule.Step step = retry.next(0);
      if (step.conceal()) {
        scheduleRetry(step);
      } else {
        log.info("{}: not reconnecting: the retry policy allows no more attempts", tag);
      }
    }
  }

  /** The transaction is complete (HTTP response done): the next send starts a new one. */
  protected void transactionDone() {
    cancelTimeout();
    lengthHint = -1;
  }

  private void backoff(long retryAfterMs) {
    RetrySchedule.Step step = retry.next(retryAfterMs);
    if (!step.conceal()) {
      phase = Phase.IDLE;
      txPending = false;
      cancelTimeout();
      if (states.allows(StreamState.ALL_RETRIES_FAILED)) {
        log.info("{}: giving up after {} attempts", tag, step.tries());
        report(StreamState.ALL_RETRIES_FAILED, 0);
      } else {
        log.info("{}: not reconnecting: the retry policy allows no more attempts", tag);
      }
      return;
    }
    scheduleRetry(step);
  }

  private void scheduleRetry(RetrySchedule.Step step) {
    phase = Phase.RETRY_WAIT;
    log.debug("{}: retry {} in {} ms", tag, step.tries(), step.delayMs());
    retryTimer = vertx.setTimer(Math.max(1, step.delayMs()), id -> {
      retryTimer = -1;
      if (phase == Phase.RETRY_WAIT) {
        startConnect();
      }
    });
  }

  /** The stream timeout fired: TIMEOUT, then the connection is dropped without a retry. */
  protected void onTimeout() {
    if (isDestroyed()) {
      return;
    }
    log.info("{}: timed out", tag);
    if (!report(StreamState.TIMEOUT, 0)) {
      return;
    }
    Phase was = phase;
    if (was == Phase.RETRY_WAIT) {
      cancelRetry();
      phase = Phase.IDLE;
      return;
    }
    if (was == Phase.CONNECTING || was == Phase.CONNECTED) {
      protocolClose();
      boolean wasConnected = connectedReported;
      phase = Phase.IDLE;
      connectedReported = false;
      awaitingTx = false;
      messageOpen = false;
      txPending = false;
      lengthHint = -1;
      if (wasConnected && !report(StreamState.DISCONNECTED, 0)) {
        return;
      }
      if (type.nailedUp()) {
        backoff(0);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private Map<String, String> writableMetadata() {
    if (!(metadata instanceof OverlayMap)) {
      // Changes go over the spec's map rather than into a copy of it: an accepted request's
      // metadata holds every header, and a handler that sets one value ("mime") would copy them all.
      metadata = new OverlayMap(metadata);
    }
    return metadata;
  }

  /**
   * A map of changes over an immutable base: reads look at the changes first; a removed name is
   * recorded as a null change. The first change is kept in two fields (a handler usually sets one
   * name, "mime"), more go to a map. Confined to the stream's context like the rest of the stream.
   */
  static final class OverlayMap extends java.util.AbstractMap<String, String> {
    private final Map<String, String> base;
    /** The first name changed, or null; its value (null when removed). */
    private String firstName;
    private String firstValue;
    /** Changes to other names; null until there is one. */
    private Map<String, String> more;

    OverlayMap(Map<String, String> base) {
      this.base = base;
    }

    @Override
    public String get(Object key) {
      if (key != null && key.equals(firstName)) {
        return firstValue;
      }
      if (more != null && more.containsKey(key)) {
        return more.get(key);
      }
      return base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public String put(String key, String value) {
      String before = get(key);
      change(key, value);
      return before;
    }

    @Override
    public String remove(Object key) {
      String before = get(key);
      change((String) key, null);
      return before;
    }

    private void change(String key, String value) {
      if (firstName == null || firstName.equals(key)) {
        firstName = key;
        firstValue = value;
      } else {
        if (more == null) {
          more = new java.util.HashMap<>(4);
        }
        more.put(key, value);
      }
    }

    @Override
    public java.util.Set<Entry<String, String>> entrySet() {
      Map<String, String> merged = new LinkedHashMap<>(base);
      java.util.function.BiConsumer<String, String> apply = (k, v) -> {
        if (v == null) {
          merged.remove(k);
        } else {
          merged.put(k, v);
        }
      };
      if (firstName != null) {
        apply.accept(firstName, firstValue);
      }
      if (more != null) {
        more.forEach(apply);
      }
      return java.util.Collections.unmodifiableMap(merged).entrySet();
    }
  }

  /** Reports a state to the client if legal; false when the stream was destroyed meanwhile. */
  protected boolean report(StreamState state, long ack) {
    if (isDestroyed()) {
      return false;
    }
    if (states.advance(state)) {
      client.onState(state, ack);
    }
    if (state == StreamState.DISCONNECTED && isAccepted() && !isDestroyed()) {
      destroy(); // lws destroys an accepted stream once it reports DISCONNECTED
      return false;
    }
    return !isDestroyed();
  }

  /** An accepted (server) stream: it has no retry and ends with its connection or transaction. */
  protected boolean isAccepted() {
    return (spec.flags() & StreamSpec.FLAG_ACCEPTED) != 0;
  }

  protected StreamState currentState() {
    return states.current();
  }

  protected Phase phase() {
    return phase;
  }

  public boolean isDestroyed() {
    return phase == Phase.DESTROYED;
  }

  /** Expands a template of the streamtype from the current metadata; "" when the key is unset. */
  protected String expand(StreamKey key) {
    Template t = type.template(key).orElse(null);
    return t == null ? "" : t.expand(metadata::get);
  }

  private void cancelRetry() {
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  protected void cancelTimeout() {
    if (timeoutTimer >= 0) {
      vertx.cancelTimer(timeoutTimer);
      timeoutTimer = -1;
    }
  }
}
