package dev.sluice.host.http.server;

import dev.sluice.host.ws.WsHostOptions;
import dev.sluice.host.ws.WsServerSession;
import dev.sluice.host.ws.impl.ServerTls;
import dev.sluice.policy.Protocol;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.spi.ListenAddress;
import dev.sluice.ss.spi.ServeSpec;
import dev.sluice.ss.spi.ServerDispatchers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener of an h1 or h2 server streamtype: binds {@code endpoint}/{@code port} ({@code
 * +path}: a Unix socket; {@code !name}: no listener, the streamtype is reached only through its
 * {@link dev.sluice.ss.spi.ServerRequestDispatcher}), with TLS from {@code server_cert}/{@code
 * server_key} or Sluice's PEM keys. h2 streamtypes speak h2 by ALPN over TLS and h2c with prior
 * knowledge (or the h1 Upgrade), and h1 on the same port; h1 streamtypes speak h1 only. A {@code
 * ws_subprotocol} lets the listener upgrade to ws (the same strict ws server streams as the ws
 * host). Every request runs through the streamtype's dispatcher; the limits of {@link
 * ServerLimits} apply; closing drains requests in flight.
 */
public final class HttpListener implements StreamServer {

  private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

  private final Vertx vertx;
  private final ServeSpec serve;
  private final WsHostOptions wsOptions;
  private final ServerLimits limits;
  private final StreamRequestDispatcher dispatcher;
  private final HeaderDeadline deadline;
  private final String subprotocol;
  /** The bound server; null for a "!name" endpoint, or before listen(). */
  private HttpServer server;

  private HttpListener(Vertx vertx, ServeSpec serve, WsHostOptions wsOptions) {
    this.vertx = vertx;
    this.serve = serve;
    this.wsOptions = wsOptions;
    this.limits = ServerLimits.of(serve.type());
    this.dispatcher = new StreamRequestDispatcher(serve, limits, wsOptions);
    this.deadline = new HeaderDeadline(vertx, serve.type().name(), limits.headerTimeoutMs());
    this.subprotocol = serve.type().string(StreamKey.WS_SUBPROTOCOL);
  }

  /** Starts serving; fails with a message naming what is wrong with the streamtype. */
  public static Future<StreamServer> start(Vertx vertx, ServeSpec serve, WsHostOptions wsOptions) {
    HttpListener l = new HttpListener(vertx, serve, new WsHostOptions(wsOptions));
    try {
      return l.listen().map(l);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
  }

  /** The options a listener for {@code type} runs with (limits, ALPN, TLS, ws). */
  static HttpServerOptions options(ServeSpec serve, ServerLimits limits, WsHostOptions wsOptions) {
    StreamType type = serve.type();
    boolean h2 = type.protocol() == Protocol.H2;
    HttpServerOptions o = limits.apply(new HttpServerOptions()).setHttp2ClearTextEnabled(h2);
    ServerTls.keyCert(serve.policy(), type).ifPresent(kc -> o.setSsl(true).setKeyCertOptions(kc).setUseAlpn(true)
        .setAlpnVersions(h2 ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1) : List.of(HttpVersion.HTTP_1_1)));
    String sub = type.string(StreamKey.WS_SUBPROTOCOL);
    if (!sub.isEmpty()) {
      WsServerSession.strictOptions(o, wsOptions).setWebSocketSubProtocols(List.of(sub));
    }
    return o;
  }

  private Future<Void> listen() {
    StreamType type = serve.type();
    HttpServerOptions o = options(serve, limits, wsOptions);
    SocketAddress address = ListenAddress.of(type).orElse(null);
    ServerDispatchers.of(vertx).register(dispatcher);
    if (address == null) {
      log.info("\"{}\" is served through its dispatcher only (endpoint \"{}\")", type.name(),
          ListenAddress.endpoint(type));
      return Future.succeededFuture();
    }
    // With h2c on in the clear, Vert.x makes the connection only once its first request's headers are
    // complete: the accept-time deadline covers that first request.
    boolean heldUntilHeaders = o.isHttp2ClearTextEnabled() && !o.isSsl();
    server = (heldUntilHeaders ? AcceptDeadline.createHttpServer(vertx, o, limits.headerTimeoutMs(), "\"" + type.name() + "\"")
        : vertx.createHttpServer(o))
        .connectionHandler(c -> {
          AcceptDeadline.met(c);
          deadline.connected(c);
        })
        .requestHandler(this::request);
    if (!subprotocol.isEmpty()) {
      server.webSocketHandshakeHandler(this::handshake)
          .webSocketHandler(dispatcher::accept);
    }
    return server.listen(address).<Void>map(s -> {
      log.info("{} listener for \"{}\" on {}{}", type.protocol().policyName(), type.name(),
          ListenAddress.describe(type, s.actualPort()), o.isSsl() ? " (TLS)" : "");
      return null;
    }).onFailure(e -> ServerDispatchers.of(vertx).unregister(dispatcher));
  }

  private void request(HttpServerRequest req) {
    deadline.requestStarted(req);
    dispatcher.dispatch(req).onComplete(v -> deadline.requestEnded(req));
  }

  private void handshake(ServerWebSocketHandshake hs) {
    deadline.upgraded(hs.remoteAddress());
    if (!WsServerSession.offersSubprotocol(hs, subprotocol)) {
      log.info("\"{}\": refused a ws upgrade offering \"{}\" instead of \"{}\"", serve.type().name(),
          hs.headers().get("sec-websocket-protocol"), subprotocol);
      hs.reject(400);
      return;
    }
    hs.accept();
  }

  // ------------------------------------------------------------------ StreamServer

  @Override
  public String streamtype() {
    return serve.type().name();
  }

  @Override
  public int actualPort() {
    return server == null || server.actualPort() <= 0 ? -1 : server.actualPort();
  }

  @Override
  public int streams() {
    return dispatcher.inFlight() + dispatcher.upgraded().size();
  }

  /** Reaches the ws streams accepted by upgrade; HTTP requests have no room for unsolicited data. */
  @Override
  public Future<Void> broadcast(Buffer payload, int flags) {
    return dispatcher.upgraded().broadcast(payload, flags);
  }

  /**
   * Stops accepting, closes the ws streams, lets requests in flight finish for up to the drain
   * timeout (h2 peers get GOAWAY, h1 connections close after their current response), then closes
   * what is left.
   */
  @Override
  public Future<Void> close() {
    ServerDispatchers.of(vertx).unregister(dispatcher);
    deadline.cancelAll();
    Future<Void> ws = dispatcher.upgraded().closeAll();
    if (server == null) {
      return ws;
    }
    return ws.eventually(() -> server.shutdown(limits.drainTimeoutMs(), TimeUnit.MILLISECONDS));
  }
}
