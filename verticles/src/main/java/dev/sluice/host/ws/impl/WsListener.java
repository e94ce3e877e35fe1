package dev.sluice.host.ws.impl;

import dev.sluice.host.ws.WsHostOptions;
import dev.sluice.host.ws.WsServerSession;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.spi.AcceptedStreams;
import dev.sluice.ss.spi.ServeSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ws-only listener for a server streamtype ({@code "server": true, "protocol": "ws"}): binds
 * {@code endpoint}/{@code port} (a {@code +path} endpoint is a Unix socket), with TLS from the
 * policy, and turns each upgraded connection into an accepted stream. A client that offers
 * subprotocols must offer the streamtype's {@code ws_subprotocol} (else 400); one that offers none
 * is accepted, as lws does. Plain HTTP requests get 426. A TCP connection that has not presented its
 * upgrade within the handshake timeout is dropped.
 */
public final class WsListener implements StreamServer {

  private static final Logger log = LoggerFactory.getLogger(WsListener.class);

  private final Vertx vertx;
  private final ServeSpec serve;
  private final WsHostOptions options;
  private final String subprotocol;
  /** The accepted streams still open. */
  private final AcceptedStreams sessions = new AcceptedStreams();
  /** Handshake timers by remote address, for connections that have not upgraded yet. */
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  /** Set by listen(); null before. */
  private HttpServer server;

  private WsListener(Vertx vertx, ServeSpec serve, WsHostOptions options) {
    this.vertx = vertx;
    this.serve = serve;
    this.options = options;
    this.subprotocol = serve.type().string(StreamKey.WS_SUBPROTOCOL);
  }

  /** Starts listening; fails with a message that names what is wrong with the streamtype. */
  public static Future<StreamServer> start(Vertx vertx, ServeSpec serve, WsHostOptions options) {
    WsListener l = new WsListener(vertx, serve, new WsHostOptions(options));
    try {
      return l.listen().map(l);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> listen() {
    StreamType type = serve.type();
    // No h2c: with it Vert.x waits for the first bytes before creating the connection, and a peer
    // that sends nothing could not be timed out.
    HttpServerOptions o = WsServerSession.strictOptions(new HttpServerOptions(), options)
        .setHttp2ClearTextEnabled(false);
    if (!subprotocol.isEmpty()) {
      o.setWebSocketSubProtocols(List.of(subprotocol));
    }
    ServerTls.keyCert(serve.policy(), type).ifPresent(kc -> o.setSsl(true).setKeyCertOptions(kc));
    String ep = type.endpoint().map(t -> t.expand(k -> null)).orElse("").trim();
    SocketAddress address;
    if (ep.startsWith("!")) {
      throw new IllegalArgumentException("server streamtype \"" + type.name() + "\": endpoint \"" + ep
          + "\" attaches to another listener, which the ws listener does not do");
    } else if (ep.startsWith("+")) {
      address = SocketAddress.domainSocketAddress(ep.substring(1));
    } else {
      address = SocketAddress.inetSocketAddress(type.port(), ep.isEmpty() ? "0.0.0.0" : ep);
    }
    server = vertx.createHttpServer(o)
        .connectionHandler(this::connected)
        .webSocketHandshakeHandler(this::handshake)
        .webSocketHandler(this::upgraded)
        .requestHandler(req -> req.response().setStatusCode(426).putHeader("upgrade", "websocket")
            .end("this listener only accepts WebSocket upgrades\n"));
    return server.listen(address).map(s -> {
      log.info("ws listener for \"{}\" on {}", type.name(), ep.startsWith("+") ? ep : (ep.isEmpty() ? "*" : ep) + ":"
          + s.actualPort());
      return null;
    });
  }

  private void connected(HttpConnection conn) {
    String key = key(conn.remoteAddress());
    log.debug("ws listener \"{}\": connection from {}", serve.type().name(), key);
    if (key == null) {
      return; // a Unix-socket peer has no address to match its upgrade with
    }
    long timer = vertx.setTimer(options.getHandshakeTimeoutMs(), id -> {
      if (pending.remove(key, id)) {
        log.info("ws listener \"{}\": {} sent no upgrade within {} ms; dropped", serve.type().name(), key,
            options.getHandshakeTimeoutMs());
        conn.close();
      }
    });
    pending.put(key, timer);
    conn.closeHandler(v -> cancelPending(key));
  }

  private void handshake(ServerWebSocketHandshake hs) {
    log.debug("ws listener \"{}\": upgrade request from {}", serve.type().name(), hs.remoteAddress());
    cancelPending(key(hs.remoteAddress()));
    if (!WsServerSession.offersSubprotocol(hs, subprotocol)) {
      log.info("ws listener \"{}\": refused an upgrade offering \"{}\" instead of \"{}\"", serve.type().name(),
          hs.headers().get("sec-websocket-protocol"), subprotocol);
      hs.reject(400);
      return;
    }
    hs.accept();
  }

  private void upgraded(ServerWebSocket ws) {
    sessions.add(WsServerSession.accept(ws, serve, options));
  }

  private void cancelPending(String key) {
    Long t = key == null ? null : pending.remove(key);
    if (t != null) {
      vertx.cancelTimer(t);
    }
  }

  private static String key(SocketAddress a) {
    return a == null || a.isDomainSocket() ? null : a.host() + ":" + a.port();
  }

  // ------------------------------------------------------------------ StreamServer

  @Override
  public String streamtype() {
    return serve.type().name();
  }

  @Override
  public int actualPort() {
    return server == null ? -1 : server.actualPort() > 0 ? server.actualPort() : -1;
  }

  @Override
  public int streams() {
    return sessions.size();
  }

  @Override
  public Future<Void> broadcast(Buffer payload, int flags) {
    return sessions.broadcast(payload, flags);
  }

  @Override
  public Future<Void> close() {
    pending.values().forEach(vertx::cancelTimer);
    pending.clear();
    return sessions.closeAll().eventually(() -> server == null ? Future.succeededFuture() : server.close()).mapEmpty();
  }
}
