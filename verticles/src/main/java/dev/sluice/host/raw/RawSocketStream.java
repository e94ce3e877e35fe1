package dev.sluice.host.raw;

import dev.sluice.policy.RetrySchedule;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.spi.Endpoint;
import dev.sluice.ss.spi.HostStreamBase;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamSpec;
import dev.sluice.ss.spi.TlsOptionsCache;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw stream: one TCP (or Unix-socket, optionally TLS) connection whose bytes are the stream's
 * rx and tx. Raw streams have no message boundaries: rx pieces carry no SOM/EOM, and tx flags are
 * ignored. A client stream connects to its endpoint with the policy's retry; an accepted stream
 * wraps a connection a {@link RawListener} accepted and ends with it (DISCONNECTED, DESTROYING).
 *
 * <p>Confined to the stream's context, which is the connection's.
 */
final class RawSocketStream extends HostStreamBase {

  private static final Logger log = LoggerFactory.getLogger(RawSocketStream.class);

  private final NetClient netClient;
  private final TlsOptionsCache tls;
  private final Runnable onGone;
  /** Numbers connection attempts, so callbacks of an abandoned attempt are ignored. */
  private int attempt;
  /** The connection; null when there is none. */
  private NetSocket socket;

  /** A client stream that connects with {@code netClient}. */
  RawSocketStream(StreamSpec spec, StreamClient client, NetClient netClient, TlsOptionsCache tls) {
    super(spec, client, RetrySchedule.of(spec.policy().retryFor(spec.type()).orElse(null)));
    this.netClient = netClient;
    this.tls = tls;
    this.onGone = () -> { };
  }

  /** An accepted stream on {@code socket}; {@code onGone} runs once it is destroyed. */
  RawSocketStream(StreamSpec spec, StreamClient client, NetSocket socket, Runnable onGone) {
    super(spec, client, RetrySchedule.of(null));
    this.netClient = null;
    this.tls = null;
    this.onGone = onGone;
    this.socket = socket;
    wire(socket, 0);
  }

  /** Accepted streams: CREATING, CONNECTING and CONNECTED at once. */
  void begin() {
    start();
    connect();
  }

  @Override
  protected void protocolConnect() {
    if (netClient == null) {
      if (socket == null) {
        connectionClosed("the connection ended before the stream started");
        return;
      }
      connectionUp();
      if (reportConnected()) {
        pullTx();
      }
      return;
    }
    int my = ++attempt;
    ConnectOptions co;
    try {
      co = connectOptions();
    } catch (Exception e) {
      connectFailed(StreamState.UNREACHABLE, 0, e.getMessage(), 0);
      return;
    }
    netClient.connect(co).onComplete(ar -> {
      if (my != attempt || isDestroyed()) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        connectFailed(StreamState.UNREACHABLE, 0, ar.cause().getMessage(), 0);
        return;
      }
      socket = ar.result();
      wire(socket, my);
      connectionUp();
      if (reportConnected()) {
        validityConfirmed();
        pullTx();
      }
    });
  }

  private ConnectOptions connectOptions() throws Exception {
    Endpoint ep = Endpoint.resolve(type, metadata, 0, 0);
    if (ep.port() <= 0 && ep.unixPath() == null) {
      throw new IllegalArgumentException("raw streamtype \"" + type.name() + "\" has no port");
    }
    ConnectOptions co = new ConnectOptions();
    if (ep.unixPath() != null) {
      co.setRemoteAddress(SocketAddress.domainSocketAddress(ep.unixPath()));
    } else {
      co.setHost(ep.host()).setPort(ep.port());
    }
    if (ep.tls()) {
      co.setSsl(true).setSslOptions(tls.options(spec.policy(), type.trustStore(), List.of()));
    }
    return co;
  }

  private void wire(NetSocket s, int my) {
    s.handler(b -> {
      if (my == attempt && !isDestroyed()) {
        deliverRx(b, 0);
      }
    });
    s.closeHandler(v -> {
      if (my == attempt && socket == s) {
        socket = null;
        connectionClosed("connection closed by the peer");
      }
    });
    s.exceptionHandler(e -> log.debug("{}: {}", tag, e.toString()));
  }

  /** Writes {@code payload} outside the tx pull (a broadcast); false when there is no connection. */
  boolean writeUnsolicited(Buffer payload) {
    if (socket == null || isDestroyed()) {
      return false;
    }
    socket.write(payload);
    return true;
  }

  @Override
  protected void protocolTxWanted() {
    if (socket == null) {
      return;
    }
    if (socket.writeQueueFull()) {
      socket.drainHandler(v -> pullTx());
    } else {
      pullTx();
    }
  }

  @Override
  protected void protocolWrite(Buffer payload, int flags) {
    if (socket == null) {
      return;
    }
    socket.write(payload);
    if (socket.writeQueueFull()) {
      socket.drainHandler(v -> txWritten());
    } else {
      context.runOnContext(v -> txWritten());
    }
  }

  @Override
  protected void protocolRxFlow(boolean enabled) {
    if (socket != null) {
      if (enabled) {
        socket.resume();
      } else {
        socket.pause();
      }
    }
  }

  @Override
  protected void protocolClose() {
    attempt++;
    NetSocket s = socket;
    socket = null;
    if (s != null) {
      s.close();
    }
  }

  @Override
  protected void onDestroyed() {
    protocolClose();
    onGone.run();
  }
}
