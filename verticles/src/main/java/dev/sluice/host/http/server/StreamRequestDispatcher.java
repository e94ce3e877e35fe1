package dev.sluice.host.http.server;

import dev.sluice.host.ws.WsHostOptions;
import dev.sluice.host.ws.WsServerSession;
import dev.sluice.policy.MetadataDecl;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.ss.spi.AcceptedStreams;
import dev.sluice.ss.spi.ServeSpec;
import dev.sluice.ss.spi.ServerRequestDispatcher;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs HTTP requests as SERVER_TXN streams of one served streamtype; used by the streamtype's own
 * listener and by anything that mounts it (see {@link ServerRequestDispatcher}).
 */
public final class StreamRequestDispatcher implements ServerRequestDispatcher {

  private static final Logger log = LoggerFactory.getLogger(StreamRequestDispatcher.class);
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final ServeSpec serve;
  private final ServerLimits limits;
  private final WsHostOptions wsOptions;
  /** The streamtype's ws_subprotocol; "" when it takes no upgrades. */
  private final String subprotocol;
  /** Requests dispatched whose streams are not destroyed yet. */
  private final AtomicInteger inFlight = new AtomicInteger();
  /** The start of every accepted stream's tag ("http|api|"), a sequence number follows. */
  private final String tagPrefix;
  /** Declared metadata filled from a request header: name to header name. */
  private final Map<String, String> headerBound;
  /** The ws streams accepted by upgrade, on the streamtype's own listener or through a mount. */
  private final AcceptedStreams upgraded = new AcceptedStreams();

  public StreamRequestDispatcher(ServeSpec serve, ServerLimits limits, WsHostOptions wsOptions) {
    this.serve = serve;
    this.limits = limits;
    this.wsOptions = wsOptions;
    this.subprotocol = serve.type().string(StreamKey.WS_SUBPROTOCOL);
    Map<String, String> bound = new HashMap<>();
    for (MetadataDecl d : serve.type().metadata()) {
      if (d.isHeader()) {
        bound.put(d.name(), d.headerName());
      }
    }
    this.headerBound = Map.copyOf(bound);
    this.tagPrefix = "http|" + serve.type().name() + "|";
  }

  @Override
  public String streamtype() {
    return serve.type().name();
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public Future<Void> dispatch(HttpServerRequest request, String mountPrefix) {
    Context ctx = Vertx.currentContext();
    if (ctx == null) {
      throw new IllegalStateException("ServerRequestDispatcher.dispatch must be called on the request's context");
    }
    StreamType type = serve.type();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && tooLong(length)) {
      log.info("\"{}\": {} {} announces a body of {} bytes, over the limit of {} (sluice_max_body); refused with 413",
          type.name(), request.method(), request.path(), length, limits.maxBody());
      request.response().setStatusCode(413).putHeader(HttpHeaders.CONNECTION, "close")
          .end("request body exceeds " + limits.maxBody() + " bytes\n");
      return Future.succeededFuture();
    }
    if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      request.response().writeContinue();
    }
    RequestMetadata md = new RequestMetadata(request, mountPrefix, headerBound);
    // Short: made for every request; the request line is added where something is logged about it.
    String tag = tagPrefix + SEQUENCE.incrementAndGet();
    StreamSpec spec = new StreamSpec(tag, type, serve.policy(), md, ctx, StreamSpec.FLAG_ACCEPTED);
    Promise<Void> done = Promise.promise();
    inFlight.incrementAndGet(); // the txn counts it down when its stream is destroyed
    ServeSpec.Attachment client = serve.acceptor().accept(spec);
    HttpServerTxn txn = new HttpServerTxn(spec, client, request, limits.maxBody(), done, inFlight);
    client.attach(txn);
    txn.begin();
    return done.future();
  }

  @Override
  public Optional<String> webSocketSubprotocol() {
    return subprotocol.isEmpty() ? Optional.empty() : Optional.of(subprotocol);
  }

  @Override
  public Future<Void> upgrade(HttpServerRequest request) {
    if (subprotocol.isEmpty()) {
      return ServerRequestDispatcher.super.upgrade(request);
    }
    if (!WsServerSession.offersSubprotocol(request.headers(), subprotocol)) {
      log.info("\"{}\": refused a ws upgrade offering \"{}\" instead of \"{}\"", serve.type().name(),
          request.getHeader("sec-websocket-protocol"), subprotocol);
      request.response().setStatusCode(400).end("this WebSocket speaks subprotocol \"" + subprotocol + "\"\n");
      return Future.succeededFuture();
    }
    return request.toWebSocket().<Void>map(ws -> {
      accept(ws);
      return null;
    }).otherwise(e -> {
      log.info("\"{}\": ws upgrade of {} failed: {}", serve.type().name(), request.remoteAddress(), e.getMessage());
      return null;
    });
  }

  /** Runs an upgraded WebSocket as an accepted stream; on its connection's context. */
  public void accept(ServerWebSocket ws) {
    upgraded.add(WsServerSession.accept(ws, serve, wsOptions));
  }

  /** The ws streams accepted so far and still open. */
  public AcceptedStreams upgraded() {
    return upgraded;
  }

  private boolean tooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > limits.maxBody();
    } catch (NumberFormatException e) {
      return false; // Vert.x's codec refuses a malformed content-length before we see it
    }
  }
}
