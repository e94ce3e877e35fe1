package dev.sluice.bench.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The server side of {@link HttpClientLoad}, run in its own JVM so that the client's CPU time can be
 * measured alone. One listener speaks HTTP/1.1 and h2c with prior knowledge: {@code GET /small}
 * answers 128 bytes; {@code POST /echo} reads the body and answers its length;
 * {@code GET /connections} answers how many connections it has accepted so far.
 *
 * <pre>java -cp benchmarks.jar dev.sluice.bench.http.HttpBenchServer [port] [event loops]</pre>
 *
 * Prints {@code READY <port>} on stdout once it listens.
 */
public final class HttpBenchServer {
  private HttpBenchServer() {}

  static final int SMALL_BODY_BYTES = 128;

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    Buffer small = Buffer.buffer("x".repeat(SMALL_BODY_BYTES));
    HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true).setPort(port)
        .setHost("127.0.0.1");
    java.util.concurrent.atomic.AtomicLong connections = new java.util.concurrent.atomic.AtomicLong();
    HttpServer server = vertx.createHttpServer(options).connectionHandler(c -> connections.incrementAndGet())
        .requestHandler(req -> {
      if (req.path().equals("/small")) {
        req.response().putHeader("content-type", "text/plain").end(small);
      } else if (req.path().equals("/echo")) {
        req.body().onSuccess(b -> req.response().putHeader("content-type", "text/plain")
            .end(Integer.toString(b.length())));
      } else if (req.path().equals("/connections")) {
        req.response().end(Long.toString(connections.get()));
      } else {
        req.response().setStatusCode(404).end();
      }
    });
    server.listen().await(10, TimeUnit.SECONDS);
    System.out.println("READY " + server.actualPort());
    System.out.flush();
  }
}
