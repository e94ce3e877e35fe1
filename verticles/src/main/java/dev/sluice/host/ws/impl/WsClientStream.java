package dev.sluice.host.ws.impl;

import dev.sluice.policy.MetadataDecl;
import dev.sluice.policy.RetrySchedule;
import dev.sluice.policy.StreamKey;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.spi.Endpoint;
import dev.sluice.ss.spi.HostStreamBase;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ws client stream. CONNECTING while the TCP connection, TLS and the upgrade are under way;
 * CONNECTED when the upgrade completes (response headers bound to metadata are delivered first);
 * then rx (one piece per frame, SOM on the first, EOM on the final) and tx (each tx piece is a
 * frame; pieces without EOM are fragments). How the connection ends decides the state (see {@link
 * CloseMapping}). Retry, timeout and nailed_up come from {@link HostStreamBase}.
 */
final class WsClientStream extends HostStreamBase {

  private static final Logger log = LoggerFactory.getLogger(WsClientStream.class);

  private final WsClientSide side;
  /** Numbers connection attempts, so events of an abandoned attempt are ignored. */
  private int attempt;
  /** The established connection; null while connecting and between connections. */
  private WsLink link;
  /** The upgrade timer of the current attempt, -1 when none. */
  private long handshakeTimer = -1;
  /** The validity check of the current connection; null when not connected. */
  private ValidityTimer validity;
  /** The application paused receiving (applied to each new connection too). */
  private boolean rxPaused;

  WsClientStream(WsClientSide side, StreamSpec spec, StreamClient client) {
    super(spec, client, RetrySchedule.of(spec.policy().retryFor(spec.type()).orElse(null)));
    this.side = side;
  }

  // ------------------------------------------------------------------ connect

  @Override
  protected void protocolConnect() {
    int my = ++attempt;
    WebSocketConnectOptions o;
    try {
      o = connectOptions();
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      connectFailed(StreamState.UNREACHABLE, 0, e.getMessage(), 0);
      return;
    }
    ClientWebSocket socket = side.client().webSocket();
    Attempt events = new Attempt(my);
    WsLink l = new WsLink(socket, tag, side.limits(), type.flag(StreamKey.WS_BINARY), 0, events).start();
    long hs = side.options().getHandshakeTimeoutMs();
    handshakeTimer = vertx.setTimer(hs, id -> {
      handshakeTimer = -1;
      if (my == attempt && !isDestroyed()) {
        log.info("{}: the upgrade did not complete within {} ms", tag, hs);
        onTimeout();
      }
    });
    socket.connect(o).onComplete(ar -> {
      if (my != attempt || isDestroyed()) {
        if (ar.succeeded()) {
          l.close(CloseCodes.GOING_AWAY, null);
        }
        return;
      }
      cancelHandshakeTimer();
      if (ar.failed()) {
        handshakeFailed(ar.cause());
      } else {
        upgraded(my, socket, l, events);
      }
    });
  }

  private WebSocketConnectOptions connectOptions() throws GeneralSecurityException {
    Endpoint ep = Endpoint.resolve(type, metadata, 80, 443);
    if (ep.unixPath() != null) {
      throw new IllegalArgumentException("ws over a Unix socket (\"+" + ep.unixPath()
          + "\") is not supported: Vert.x 5.0.7's WebSocket client connects over TCP only");
    }
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(ep.host()).setPort(ep.port())
        .setURI(ep.path()).setSsl(ep.tls())
        // Vert.x drops a connection whose upgrade is still pending after this; our own timer
        // fires first and reports TIMEOUT.
        .setTimeout(side.options().getHandshakeTimeoutMs() + 2000);
    if (ep.tls()) {
      o.setSslOptions(side.tls().options(spec.policy(), type.trustStore(), List.of()));
    }
    String sub = type.string(StreamKey.WS_SUBPROTOCOL);
    if (!sub.isEmpty()) {
      o.setSubProtocols(List.of(sub));
    }
    for (MetadataDecl d : type.metadata()) {
      String v = metadata.get(d.name());
      if (d.isHeader() && v != null && !v.isEmpty()) {
        o.addHeader(d.headerName(), v);
      }
    }
    return o;
  }

  private void upgraded(int my, ClientWebSocket socket, WsLink l, Attempt events) {
    String ext = socket.headers() == null ? null : socket.headers().get("sec-websocket-extensions");
    if (ext != null && !ext.isBlank()) {
      // RFC 6455 §4.1: an extension the client did not ask for fails the connection.
      attempt++;
      l.close(CloseCodes.PROTOCOL_ERROR, "unrequested extension");
      connectFailed(StreamState.UNREACHABLE, 0, "the server accepted extension(s) \"" + ext
          + "\" that were not requested", 0);
      return;
    }
    link = l;
    if (rxPaused) {
      l.pause();
    }
    connectionUp();
    validityConfirmed();
    for (MetadataDecl d : type.metadata()) {
      String v = d.isHeader() && socket.headers() != null ? socket.headers().get(d.headerName()) : null;
      if (v != null) {
        deliverMetadata(d.name(), v);
      }
    }
    if (!reportConnected()) {
      return;
    }
    validity = ValidityTimer.of(vertx, spec.policy().retryFor(type).orElse(null), l::ping,
        () -> hangUp(my));
    validity.confirmed();
    events.release();
    if (my == attempt && !isDestroyed()) {
      pullTx();
    }
  }

  private void handshakeFailed(Throwable t) {
    if (t instanceof UpgradeRejectedException r) {
      int status = r.getStatus();
      boolean auth = status == 401 || status == 403;
      connectFailed(auth ? StreamState.AUTH_FAILED : StreamState.UNREACHABLE, auth ? status : 0,
          "the server refused the upgrade with HTTP " + status, 0);
      return;
    }
    connectFailed(StreamState.UNREACHABLE, root(t) instanceof UnknownHostException ? 1 : 0, describe(t), 0);
  }

  private void hangUp(int my) {
    if (my != attempt || isDestroyed()) {
      return;
    }
    long secs = spec.policy().retryFor(type).map(p -> (long) p.validHangupSecs()).orElse(0L);
    String why = "no proof of validity (PONG) within " + secs + " s (svalidhup)";
    log.info("{}: {}; hanging up", tag, why);
    dropLink(CloseCodes.GOING_AWAY, "no PONG");
    connectionClosed(why);
  }

  // ------------------------------------------------------------------ tx

  @Override
  protected void protocolTxWanted() {
    WsLink l = link;
    if (l == null) {
      return;
    }
    if (l.writeQueueFull()) {
      int my = attempt;
      l.onDrain(() -> {
        if (my == attempt) {
          pullTx();
        }
      });
    } else {
      pullTx();
    }
  }

  @Override
  protected void protocolWrite(Buffer payload, int flags) {
    WsLink l = link;
    if (l == null) {
      log.warn("{}: tx of {} bytes with no connection; dropped", tag, payload.length());
      return;
    }
    if (l.write(payload, flags) && wantsTx()) {
      int my = attempt;
      if (l.writeQueueFull()) {
        l.onDrain(() -> {
          if (my == attempt) {
            txWritten();
          }
        });
      } else {
        // The next piece on a later turn of the loop, so a long message does not grow the stack.
        context.runOnContext(v -> {
          if (my == attempt) {
            txWritten();
          }
        });
      }
    }
  }

  // ------------------------------------------------------------------ rx and close

  @Override
  protected void protocolRxFlow(boolean enabled) {
    rxPaused = !enabled;
    WsLink l = link;
    if (l != null) {
      if (enabled) {
        l.resume();
      } else {
        l.pause();
      }
    }
  }

  @Override
  protected void protocolClose() {
    dropLink(CloseCodes.NORMAL, null);
  }

  /** Forgets the current connection (its late events are ignored) and closes it. */
  private void dropLink(int code, String reason) {
    attempt++;
    cancelHandshakeTimer();
    stopValidity();
    WsLink l = link;
    link = null;
    if (l != null) {
      l.close(code, reason);
    }
  }

  private void closed(int my, WsLink.Closed how) {
    if (my != attempt || isDestroyed()) {
      return;
    }
    attempt++;
    stopValidity();
    link = null;
    String why = how.describe();
    switch (CloseMapping.of(how)) {
      case AUTH_FAILED -> connectFailed(StreamState.AUTH_FAILED, how.code(), why, 0);
      case RETRY -> closedRetryingAfter(why, 0, StreamState.QOS_NACK_REMOTE, how.code());
      case DISCONNECTED -> connectionClosed(why);
    }
  }

  @Override
  protected void onDestroyed() {
    cancelHandshakeTimer();
    stopValidity();
  }

  private void stopValidity() {
    if (validity != null) {
      validity.stop();
      validity = null;
    }
  }

  private void cancelHandshakeTimer() {
    if (handshakeTimer >= 0) {
      vertx.cancelTimer(handshakeTimer);
      handshakeTimer = -1;
    }
  }

  /**
   * The events of one attempt. Frames that arrive with the upgrade response can be delivered
   * before the connect future completes: they wait until CONNECTED has been reported.
   */
  private final class Attempt implements WsLink.Events {
    private final int my;
    /** Events held back until CONNECTED; null once released. */
    private List<Runnable> held = new ArrayList<>();

    Attempt(int my) {
      this.my = my;
    }

    void release() {
      List<Runnable> h = held;
      held = null;
      for (Runnable r : h) {
        if (my != attempt || isDestroyed()) {
          return;
        }
        r.run();
      }
    }

    private boolean hold(Runnable r) {
      if (held != null) {
        held.add(r);
        return true;
      }
      return my != attempt || isDestroyed();
    }

    @Override
    public void onPiece(Buffer data, int flags) {
      if (!hold(() -> deliverRx(data, flags))) {
        deliverRx(data, flags);
      }
    }

    @Override
    public void onPong() {
      if (!hold(this::pong)) {
        pong();
      }
    }

    private void pong() {
      validityConfirmed();
      if (validity != null) {
        validity.confirmed();
      }
    }

    @Override
    public void onClosed(WsLink.Closed how) {
      if (held != null) {
        held.add(() -> closed(my, how));
        if (my == attempt && link == null && !isDestroyed()) {
          // Closed before the upgrade completed: the connect future reports the failure.
          log.debug("{}: closed during the upgrade: {}", tag, how.describe());
        }
        return;
      }
      closed(my, how);
    }
  }

  private static Throwable root(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r;
  }

  private static String describe(Throwable t) {
    Throwable r = root(t);
    String m = r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    if (t instanceof SSLException || r instanceof SSLException || r instanceof java.security.cert.CertificateException) {
      return "TLS failed: " + m;
    }
    return t == r || t.getMessage() == null ? m : t.getMessage() + " (" + m + ")";
  }
}
