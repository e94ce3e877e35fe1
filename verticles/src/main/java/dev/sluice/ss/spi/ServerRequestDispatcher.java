package dev.sluice.ss.spi;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * Runs HTTP requests that another server received as accepted streams of a served h1/h2 server
 * streamtype: the way a web server mounts a server streamtype at a URL prefix on its own {@code
 * HttpServer}.
 *
 * <p>Every h1/h2 server streamtype being served (by {@code SecureStreams.serve}) has one, found
 * with {@link ServerDispatchers#dispatcher(String)}; its own listener uses the same dispatcher. A
 * streamtype whose {@code endpoint} is {@code "!name"} (lws: attach to an existing vhost) opens no
 * listener of its own and is reached only through its dispatcher.
 *
 * <p>Each dispatched request becomes one stream with the ACCEPTED flag: CREATING, CONNECTING,
 * CONNECTED, then SERVER_TXN with the request readable as metadata ({@code :method}, {@code
 * :path}, {@code :query}, {@code :authority}, {@code :scheme}, {@code :version}
 * (HTTP/1.0, HTTP/1.1 or HTTP/2), each request header as {@code
 * "<lower-case name>:"}, and declared metadata bound to a header name), the request body as rx
 * (SOM on the first piece, EOM on the last), and the response from the application's ack or nack,
 * {@code mime} metadata and tx. The streamtype's {@code sluice_max_body} applies (413).
 *
 * <pre>{@code
 * router.route("/api/*").handler(ctx -> ServerDispatchers.of(vertx).dispatcher("api")
 *     .ifPresentOrElse(d -> d.dispatch(ctx.request(), "/api"),
 *         () -> ctx.response().setStatusCode(503).end()));
 * }</pre>
 */
public interface ServerRequestDispatcher {

  /** The server streamtype requests are run as. */
  String streamtype();

  /**
   * Runs {@code request} as one accepted stream. Call it on the request's context from the
   * server's request handler, before anything has read the request body (the dispatcher sets the
   * body handlers). {@code mountPrefix} is removed from the front of {@code :path} (use "" for
   * none), so the application sees paths relative to where it is mounted.
   *
   * @return completes when the response has been sent or the request was abandoned (connection
   *     closed, body too large); never fails
   * @throws IllegalStateException when not called on a Vert.x context
   */
  Future<Void> dispatch(HttpServerRequest request, String mountPrefix);

  /** {@link #dispatch(HttpServerRequest, String)} with no prefix removed. */
  default Future<Void> dispatch(HttpServerRequest request) {
    return dispatch(request, "");
  }

  /** How many dispatched requests are still running. */
  int inFlight();

  /**
   * Whether this streamtype takes WebSocket upgrades (it has a {@code ws_subprotocol}), and with
   * which subprotocol: empty when it takes none. A server that mounts it must offer that
   * subprotocol in its handshake (Vert.x: {@code HttpServerOptions.setWebSocketSubProtocols}).
   */
  default java.util.Optional<String> webSocketSubprotocol() {
    return java.util.Optional.empty();
  }

  /**
   * Upgrades {@code request} (a ws handshake) and runs the WebSocket as one accepted stream
   * (SERVER_UPGRADE, messages as rx and tx), as the streamtype's own listener would. A client
   * that offers subprotocols without this streamtype's gets 400. Call it on the request's context
   * from the server's request handler.
   *
   * @return completes once the upgrade is done or refused (refusals are answered); never fails
   */
  default Future<Void> upgrade(HttpServerRequest request) {
    request.response().setStatusCode(400).end("streamtype \"" + streamtype() + "\" takes no WebSocket upgrades\n");
    return Future.succeededFuture();
  }
}
