package dev.sluice.benchmarks.web;

import dev.sluice.web.WebServerOptions;
import dev.sluice.web.WebServerVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The server side of {@link WebBench}, one per JVM so its CPU time can be read from /proc:
 * {@code raw} is plain Vert.x ({@code sendFile} of the requested file under the root), {@code sluice}
 * is the WebServerVerticle with one files mount (access log off unless {@code log}). Both are one
 * verticle on one event loop, listening in the clear (h1 + h2c) and with TLS (ALPN h2, h1).
 *
 * <pre>WebBenchServer raw|sluice|sluice-log ROOT CERT KEY</pre>
 * Prints "ports CLEAR TLS" when listening, then runs until killed.
 */
public final class WebBenchServer {

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path root = Path.of(args[1]);
    String cert = args[2];
    String key = args[3];
    Vertx vertx = Vertx.vertx();
    int[] ports;
    if (mode.equals("raw")) {
      Raw clear = new Raw(root, new HttpServerOptions().setHost("127.0.0.1").setPort(0));
      Raw tls = new Raw(root, new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true).setUseAlpn(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key)));
      vertx.deployVerticle(clear).await(20, TimeUnit.SECONDS);
      vertx.deployVerticle(tls).await(20, TimeUnit.SECONDS);
      ports = new int[] {clear.port, tls.port};
    } else {
      JsonArray listeners = new JsonArray()
          .add(new JsonObject().put("host", "127.0.0.1").put("port", 0))
          .add(new JsonObject().put("host", "127.0.0.2").put("port", 0).put("certPem", cert).put("keyPem", key));
      JsonObject conf = new JsonObject().put("vhosts", new JsonArray().add(new JsonObject().put("name", "bench")
          .put("accessLog", mode.equals("sluice-log")).put("listeners", listeners)
          .put("mounts", new JsonArray().add(new JsonObject().put("mountpoint", "/").put("type", "files")
              .put("root", root.toString())))));
      WebServerVerticle v = new WebServerVerticle(WebServerOptions.fromJson(conf, root));
      vertx.deployVerticle(v).await(20, TimeUnit.SECONDS);
      ports = new int[] {v.port("bench"), tlsPort(v, conf)};
    }
    System.out.println("ports " + ports[0] + " " + ports[1]);
    System.out.flush();
  }

  private static int tlsPort(WebServerVerticle v, JsonObject conf) {
    // The TLS listener is the vhost's second: its bound port is in the start-up summary.
    for (String line : v.describe()) {
      int i = line.indexOf("https://127.0.0.2:");
      if (i >= 0) {
        return Integer.parseInt(line.substring(i + "https://127.0.0.2:".length(), line.indexOf('/', i + 8)));
      }
    }
    throw new IllegalStateException("no TLS listener in " + v.describe() + " for " + conf);
  }

  /** Raw Vert.x serving files: the idiomatic sendFile, nothing else. */
  static final class Raw extends VerticleBase {
    private final Path root;
    private final HttpServerOptions options;
    int port;

    Raw(Path root, HttpServerOptions options) {
      this.root = root;
      this.options = options;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(options)
          .requestHandler(req -> req.response().sendFile(root.resolve(req.path().substring(1)).toString())
              .onFailure(e -> {
                if (!req.response().ended()) {
                  req.response().setStatusCode(404).end();
                }
              }))
          .listen().onSuccess(s -> port = s.actualPort());
    }
  }
}
