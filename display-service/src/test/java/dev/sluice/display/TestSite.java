package dev.sluice.display;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback address for the display tests: the test pages and images, image
 * bombs, redirects, an endless body and a server that never answers. Counts requests per path so
 * tests can show a refused target was never contacted.
 */
final class TestSite {

  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  final Map<String, String> pages = new ConcurrentHashMap<>();
  private HttpServer server;
  final String host;

  private static final byte[] HUGE_HEADER = Bombs.hugeHeaderPng();
  private static final byte[] IDAT_BOMB = Bombs.png(20_000, 20_000, 64L << 20);

  TestSite(String host) {
    this.host = host;
  }

  int port() {
    return server.actualPort();
  }

  String url(String path) {
    return "http://" + host + ":" + port() + path;
  }

  int hits(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  TestSite start(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> {
      String p = req.path();
      hits.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
      var resp = req.response();
      try {
        if (pages.containsKey(p)) {
          resp.putHeader("Content-Type", "text/html").end(pages.get(p));
        } else if (p.startsWith("/pages/")) {
          Path f = Path.of("src/test/resources", p.substring(1)).normalize();
          if (!f.startsWith("src/test/resources/pages") || !Files.isRegularFile(f)) {
            resp.setStatusCode(404).end();
          } else {
            resp.end(Buffer.buffer(Files.readAllBytes(f)));
          }
        } else if (p.equals("/redirect")) {
          resp.setStatusCode(302).putHeader("Location", req.getParam("to")).end();
        } else if (p.equals("/loop")) {
          resp.setStatusCode(302).putHeader("Location", "/loop").end();
        } else if (p.equals("/endless")) {
          resp.setChunked(true);
          byte[] mb = new byte[1 << 20];
          vertx.setPeriodic(1, id -> {
            if (resp.closed() || resp.ended()) {
              vertx.cancelTimer(id);
            } else if (!resp.writeQueueFull()) {
              resp.write(Buffer.buffer(mb));
            }
          });
          resp.closeHandler(v -> { });
        } else if (p.equals("/huge-length")) {
          resp.putHeader("Content-Length", Long.toString(1L << 32)).write("x");
        } else if (p.equals("/silent")) {
          // never answers
        } else if (p.equals("/huge-header.png")) {
          resp.end(Buffer.buffer(HUGE_HEADER));
        } else if (p.equals("/idat-bomb.png")) {
          resp.end(Buffer.buffer(IDAT_BOMB));
        } else if (p.equals("/one-byte.png")) {
          resp.end(Buffer.buffer(new byte[] {(byte) 0x89}));
        } else if (p.equals("/truncated.png")) {
          byte[] logo = Files.readAllBytes(Path.of("src/test/resources/pages/img/logo.png"));
          resp.end(Buffer.buffer(Bombs.truncated(logo, logo.length / 2)));
        } else {
          resp.setStatusCode(404).end();
        }
      } catch (Exception e) {
        resp.setStatusCode(500).end(e.toString());
      }
    });
    server.listen(0, host).toCompletionStage().toCompletableFuture().get();
    return this;
  }
}
