package dev.sluice.ss.impl;

import dev.sluice.policy.MetadataDecl;
import dev.sluice.policy.StreamType;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.ss.spi.FrozenMetadata;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.ServeSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's handle and the client side of a stream: calls the application's handler for
 * what the host reports, and turns the application's calls into host commands on the stream's
 * context. A call from another thread is moved onto the context; a call on it runs at once.
 */
final class ClientStream implements SecureStream, ServeSpec.Attachment {

  private static final Logger log = LoggerFactory.getLogger(ClientStream.class);

  private final String tag;
  private final StreamType type;
  private final StreamHandler handler;
  private final Context context;
  /** The metadata the stream was made with (immutable: an accepted request's headers, say). */
  private final Map<String, String> initial;
  /**
   * What changed since: values the application set or the peer filled in, {@link #REMOVED} for a
   * name the application removed. Copied on write (under this object's lock) and never changed
   * once published, so reads from any thread take no lock; most streams change one name or none.
   */
  private volatile Map<String, String> changes = Map.of();
  /** Marks a removed name in {@link #changes} (compared by identity). */
  private static final String REMOVED = new String("(removed)");
  /** The host side; set once by {@link #attach}, before any callback. */
  private HostedStream host;
  /**
   * The last non-transient state delivered; written on the context with release semantics and
   * read from any thread with acquire (a plain volatile store costs a fence on every report).
   */
  @SuppressWarnings("unused") // accessed through STATE
  private StreamState state;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(ClientStream.class, "state", StreamState.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  /** Set once destroy has been asked; later calls are ignored. Written on the context. */
  private boolean destroying;
  /**
   * Whether setMetadata checks names against the streamtype: false for a stream through a proxy
   * whose streamtype this JVM's policy does not know (the proxy checks, as lws's does).
   */
  private boolean checksMetadata = true;

  ClientStream(String tag, StreamType type, Map<String, String> metadata, StreamHandler handler, Context context) {
    this.tag = tag;
    this.type = type;
    this.handler = handler;
    this.context = context;
    this.initial = FrozenMetadata.freeze(metadata); // the same map when it is immutable already
  }

  /** Leaves metadata names to the proxy to check (see {@link #checksMetadata}). */
  void acceptAnyMetadata() {
    checksMetadata = false;
  }

  @Override
  public void attach(HostedStream host) {
    this.host = host;
  }

  // ------------------------------------------------------------------ host -> client

  @Override
  public void onState(StreamState s, long ack) {
    if (!s.isTransient()) {
      STATE.setRelease(this, s);
    }
    CallbackResult r;
    try {
      r = handler.state(s, ack);
    } catch (RuntimeException e) {
      log.error("{}: the application's state handler threw on {}: {}", tag, s, e.toString(), e);
      r = CallbackResult.OK;
    }
    if (s == StreamState.DESTROYING) {
      destroying = true; // the host has gone: later calls are ignored
      return;
    }
    act(r);
  }

  @Override
  public void onRx(Buffer payload, int flags) {
    CallbackResult r;
    try {
      r = handler.rx(payload, flags);
    } catch (RuntimeException e) {
      log.error("{}: the application's rx handler threw: {}", tag, e.toString(), e);
      r = CallbackResult.OK;
    }
    act(r);
  }

  @Override
  public void onTxReady(TxRequest request) {
    TxResult r;
    try {
      r = handler.tx(request);
    } catch (RuntimeException e) {
      log.error("{}: the application's tx handler threw: {}", tag, e.toString(), e);
      r = TxResult.dontSend();
    }
    if (r == null) {
      r = TxResult.dontSend();
    }
    switch (r.kind()) {
      case SEND -> {
        if (r.payload().length() > request.maxLength()) {
          log.error("{}: tx payload of {} bytes exceeds the limit of {} bytes; disconnecting", tag,
              r.payload().length(), request.maxLength());
          host.txNone();
          host.disconnect();
        } else {
          host.tx(r.payload(), r.flags());
        }
      }
      case DONT_SEND -> host.txNone();
      case DISCONNECT_ME -> {
        host.txNone();
        host.disconnect();
      }
      case DESTROY_ME -> {
        host.txNone();
        doDestroy();
      }
    }
  }

  @Override
  public void onRxMetadata(String name, String value) {
    change(name, value);
  }

  private void act(CallbackResult r) {
    if (r == CallbackResult.DESTROY_ME) {
      doDestroy();
    } else if (r == CallbackResult.DISCONNECT_ME && !destroying) {
      host.disconnect();
    }
  }

  // ------------------------------------------------------------------ application -> host

  @Override
  public String streamtype() {
    return type.name();
  }

  @Override
  public String tag() {
    return tag;
  }

  @Override
  public StreamState state() {
    return (StreamState) STATE.getAcquire(this);
  }

  @Override
  public void requestTx() {
    if (offContext()) {
      later(() -> host.requestTx(-1));
    } else if (!destroying) {
      host.requestTx(-1);
    }
  }

  @Override
  public void requestTx(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be 0 or more, got " + length);
    }
    if (offContext()) {
      later(() -> host.requestTx(length));
    } else if (!destroying) {
      host.requestTx(length);
    }
  }

  @Override
  public void connect() {
    onContext(host::connect);
  }

  @Override
  public void setMetadata(String name, String value) {
    if (checksMetadata && !declares(type, name)) {
      throw new IllegalArgumentException(undeclared(type, name));
    }
    change(name, value == null ? REMOVED : value);
    if (offContext()) {
      later(() -> host.setMetadata(name, value));
    } else if (!destroying) {
      host.setMetadata(name, value);
    }
  }

  @Override
  public Optional<String> metadata(String name) {
    String v = changes.get(name);
    if (v != null) {
      return v == REMOVED ? Optional.empty() : Optional.of(v);
    }
    return Optional.ofNullable(initial.get(name));
  }

  private synchronized void change(String name, String value) {
    Map<String, String> now = changes;
    if (now.isEmpty()) {
      changes = Map.of(name, value);
    } else {
      Map<String, String> next = new HashMap<>(now);
      next.put(name, value);
      changes = next;
    }
  }

  @Override
  public void startTimeout(long ms) {
    if (ms < 0) {
      throw new IllegalArgumentException("timeout must be 0 (the policy's) or more, got " + ms);
    }
    onContext(() -> host.timeout(ms));
  }

  @Override
  public void cancelTimeout() {
    onContext(() -> host.timeout(-1));
  }

  @Override
  public void addPeerTxCredit(int bytes) {
    onContext(() -> host.addPeerTxCredit(bytes));
  }

  /** Receive flow control for the channel view: false stops reading from the connection. */
  void rxFlow(boolean enabled) {
    onContext(() -> host.rxFlow(enabled));
  }

  @Override
  public void serverAck() {
    if (offContext()) {
      later(() -> host.serverAck(0));
    } else if (!destroying) {
      host.serverAck(0);
    }
  }

  @Override
  public void serverNack(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a refusal status must be from 400 to 599, got " + status);
    }
    onContext(() -> host.serverAck(status));
  }

  @Override
  public void disconnect() {
    onContext(host::disconnect);
  }

  @Override
  public Future<Void> destroy() {
    // Completed on the context once the stream is destroyed (at once if it already was); no state
    // is shared with other threads, so the usual path (a stream destroying itself from a callback)
    // pays for no promise at all.
    if (Vertx.currentContext() == context) {
      doDestroy();
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      doDestroy();
      done.complete();
    });
    return done.future();
  }

  private void doDestroy() {
    if (!destroying) {
      destroying = true;
      host.destroy();
    }
  }

  private void onContext(Runnable r) {
    if (offContext()) {
      later(r);
    } else if (!destroying) {
      r.run();
    }
  }

  /**
   * True when called from another thread: the command is moved onto the context with {@link
   * #later}. The calls every request makes test this themselves instead of going through {@link
   * #onContext}, so that running on the context allocates no lambda.
   */
  private boolean offContext() {
    return Vertx.currentContext() != context;
  }

  private void later(Runnable r) {
    context.runOnContext(v -> {
      if (!destroying) {
        r.run();
      }
    });
  }

  /** Whether {@code type} declares metadata {@code name} (a handler sets one on most requests). */
  private static boolean declares(StreamType type, String name) {
    for (MetadataDecl d : type.metadata()) {
      if (d.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  static String undeclared(StreamType type, String name) {
    String declared = type.metadata().stream().map(d -> "\"" + d.name() + "\"").collect(Collectors.joining(", "));
    return "streamtype \"" + type.name() + "\" declares no metadata \"" + name + "\" (declared: "
        + (declared.isEmpty() ? "none" : declared) + ")";
  }

  @Override
  public String toString() {
    return tag;
  }
}
