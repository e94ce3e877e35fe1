package dev.sluice.host.http.server;

import dev.sluice.policy.MetadataDecl;
import dev.sluice.policy.StreamType;
import dev.sluice.ss.spi.ServeSpec;
import dev.sluice.ss.spi.ServerRequestDispatcher;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
  /** Requests dispatched whose streams are not destroyed yet. */
  private final AtomicInteger inFlight = new AtomicInteger();

  public StreamRequestDispatcher(ServeSpec serve, ServerLimits limits) {
    this.serve = serve;
    this.limits = limits;
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
    Map<String, String> md = metadata(request, mountPrefix, type);
    String tag = "http-" + SEQUENCE.incrementAndGet() + "|" + type.name() + "|" + request.method() + " "
        + md.get(":path");
    StreamSpec spec = new StreamSpec(tag, type, serve.policy(), md, ctx, StreamSpec.FLAG_ACCEPTED);
    Promise<Void> done = Promise.promise();
    inFlight.incrementAndGet();
    done.future().onComplete(v -> inFlight.decrementAndGet());
    ServeSpec.Attachment client = serve.acceptor().accept(spec);
    HttpServerTxn txn = new HttpServerTxn(spec, client, request, limits.maxBody(), done);
    client.attach(txn);
    txn.begin();
    return done.future();
  }

  private boolean tooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > limits.maxBody();
    } catch (NumberFormatException e) {
      return false; // Vert.x's codec refuses a malformed content-length before we see it
    }
  }

  /**
   * The request as metadata: pseudo names for the request line, every header under its lower-case
   * name with a trailing ':' (as lws's direct_proto_str reads headers), and declared metadata bound
   * to a header name filled from that header (as lws fills it).
   */
  static Map<String, String> metadata(HttpServerRequest request, String mountPrefix, StreamType type) {
    Map<String, String> md = new HashMap<>();
    String path = request.path() == null ? "/" : request.path();
    if (!mountPrefix.isEmpty() && path.startsWith(mountPrefix)) {
      path = path.substring(mountPrefix.length());
      if (!path.startsWith("/")) {
        path = "/" + path;
      }
    }
    md.put(":method", request.method().name());
    md.put(":path", path);
    if (request.query() != null) {
      md.put(":query", request.query());
    }
    if (request.authority() != null) {
      md.put(":authority", request.authority().toString());
    }
    md.put(":version", request.version() == io.vertx.core.http.HttpVersion.HTTP_2 ? "HTTP/2"
        : request.version() == io.vertx.core.http.HttpVersion.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1");
    md.put(":scheme", request.scheme() == null ? (request.isSSL() ? "https" : "http") : request.scheme());
    for (String name : request.headers().names()) {
      md.put(name.toLowerCase(Locale.ROOT) + ":", String.join(", ", request.headers().getAll(name)));
    }
    for (MetadataDecl d : type.metadata()) {
      if (d.isHeader()) {
        String v = request.getHeader(d.headerName());
        if (v != null) {
          md.put(d.name(), v);
        }
      }
    }
    return md;
  }
}
