package dev.sluice.ss.impl;

import dev.sluice.policy.StreamType;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.ServeSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
  /** Metadata as the application sees it: what it set, and what the peer filled in. */
  private final Map<String, String> metadata = new ConcurrentHashMap<>();
  private final Promise<Void> destroyed = Promise.promise();
  /** The host side; set once by {@link #attach}, before any callback. */
  private HostedStream host;
  /** The last non-transient state delivered; read from any thread. */
  private volatile StreamState state;
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
    if (!metadata.isEmpty()) { // putAll of nothing would still allocate the map's table
      this.metadata.putAll(metadata);
    }
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
      state = s;
    }
    CallbackResult r;
    try {
      r = handler.state(s, ack);
    } catch (RuntimeException e) {
      log.error("{}: the application's state handler threw on {}: {}", tag, s, e.toString(), e);
      r = CallbackResult.OK;
    }
    if (s == StreamState.DESTROYING) {
      destroyed.tryComplete();
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
    metadata.put(name, value);
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
    return state;
  }

  @Override
  public void requestTx() {
    onContext(() -> host.requestTx(-1));
  }

  @Override
  public void requestTx(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be 0 or more, got " + length);
    }
    onContext(() -> host.requestTx(length));
  }

  @Override
  public void connect() {
    onContext(host::connect);
  }

  @Override
  public void setMetadata(String name, String value) {
    if (checksMetadata && type.metadata(name).isEmpty()) {
      throw new IllegalArgumentException(undeclared(type, name));
    }
    if (value == null) {
      metadata.remove(name);
    } else {
      metadata.put(name, value);
    }
    onContext(() -> host.setMetadata(name, value));
  }

  @Override
  public Optional<String> metadata(String name) {
    return Optional.ofNullable(metadata.get(name));
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
    onContext(() -> host.serverAck(0));
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
    onContext(this::doDestroy);
    return destroyed.future();
  }

  private void doDestroy() {
    if (!destroying) {
      destroying = true;
      host.destroy();
      destroyed.tryComplete();
    }
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == context) {
      if (!destroying) {
        r.run();
      }
    } else {
      context.runOnContext(v -> {
        if (!destroying) {
          r.run();
        }
      });
    }
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
