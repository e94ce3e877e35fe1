package dev.sluice.benchmarks.web;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.web.WebServerOptions;
import dev.sluice.web.WebServerVerticle;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server side of {@link WebBench}, one per JVM so its CPU time can be read from /proc. Both
 * serve the same two things, on one event loop, in the clear (h1 + h2c) and with TLS (ALPN h2, h1):
 * <ul>
 *   <li>the files under ROOT: {@code raw} answers from the files' bytes read into memory at start,
 *       with the headers the files mount sends (content type, ETag, Last-Modified, Accept-Ranges;
 *       made at start), {@code raw-sendfile} with {@code sendFile}, {@code sluice} with the
 *       WebServerVerticle's files mount (access log off unless {@code sluice-log});
 *   <li>{@code /stream/hello}, a small dynamic answer: {@code raw} from its request handler,
 *       {@code sluice} from an application serving the server streamtype {@code hello} (SERVER_TXN,
 *       ack, the body as tx), mounted on the web server at {@code /stream}.
 * </ul>
 *
 * <pre>WebBenchServer raw|raw-sendfile|sluice|sluice-log ROOT CERT KEY</pre>
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
    if (mode.startsWith("raw")) {
      boolean sendFile = mode.equals("raw-sendfile");
      Raw clear = new Raw(root, sendFile, sameLimits().setHost("127.0.0.1").setPort(0)
          .setHttp2ClearTextEnabled(true));
      Raw tls = new Raw(root, sendFile, sameLimits().setHost("127.0.0.1").setPort(0).setSsl(true)
          .setUseAlpn(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key)));
      vertx.deployVerticle(clear).await(20, TimeUnit.SECONDS);
      vertx.deployVerticle(tls).await(20, TimeUnit.SECONDS);
      ports = new int[] {clear.port, tls.port};
    } else {
      JsonArray listeners = new JsonArray()
          .add(new JsonObject().put("host", "127.0.0.1").put("port", 0))
          .add(new JsonObject().put("host", "127.0.0.2").put("port", 0).put("certPem", cert).put("keyPem", key));
      JsonObject conf = new JsonObject().put("vhosts", new JsonArray().add(new JsonObject().put("name", "bench")
          .put("accessLog", mode.equals("sluice-log")).put("listeners", listeners)
          .put("mounts", new JsonArray()
              .add(new JsonObject().put("mountpoint", "/stream").put("type", "stream").put("streamtype", "hello"))
              .add(new JsonObject().put("mountpoint", "/").put("type", "files").put("root", root.toString())))));
      // The server streamtype: no listener of its own ("!bench"), reached through the stream mount.
      Path policy = Files.createTempFile("web-bench-policy", ".json");
      Files.writeString(policy, "{\"s\": [{\"hello\": {\"server\": true, \"protocol\": \"h2\","
          + " \"endpoint\": \"!bench\", \"metadata\": [{\"mime\": \"\"}]}}]}");
      vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false)))
          .await(20, TimeUnit.SECONDS);
      vertx.deployVerticle(new StreamHostsVerticle(new JsonObject())).await(20, TimeUnit.SECONDS);
      SecureStreams.create(vertx).serve("hello", HelloHandler::new).await(20, TimeUnit.SECONDS);
      WebServerVerticle v = new WebServerVerticle(WebServerOptions.fromJson(conf, root));
      vertx.deployVerticle(v).await(20, TimeUnit.SECONDS);
      ports = new int[] {v.port("bench"), tlsPort(v, conf)};
    }
    System.out.println("ports " + ports[0] + " " + ports[1]);
    System.out.flush();
  }

  /**
   * The protections every Sluice web listener has, given to the raw server too so that both pay
   * for the same Netty pipeline: the idle timeout (30 s), header and request-line limits, h2's
   * 100 concurrent streams, no compression. (Sluice's header deadline and the rest stay Sluice's.)
   */
  private static HttpServerOptions sameLimits() {
    WebServerOptions.Limits l = WebServerOptions.fromJson(new JsonObject().put("vhosts", new JsonArray()), Path.of("."))
        .limits();
    return new HttpServerOptions()
        .setIdleTimeout(l.idleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxHeaderSize(l.maxHeaderSize()).setMaxInitialLineLength(l.maxInitialLineLength())
        .setInitialSettings(new io.vertx.core.http.Http2Settings().setMaxConcurrentStreams(l.maxConcurrentStreams())
            .setMaxHeaderListSize(l.maxHeaderSize()))
        .setCompressionSupported(false).setDecompressionSupported(false);
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

  /** The small dynamic answer both servers give at /stream/hello. */
  static final Buffer HELLO = Buffer.buffer("hello from a server stream: " + "0123456789".repeat(4) + "\n");

  /** Sluice's side of /stream/hello: an application's server stream handler. */
  static final class HelloHandler implements StreamHandler {
    private final SecureStream stream;

    HelloHandler(SecureStream stream) {
      this.stream = stream;
    }

    @Override
    public CallbackResult state(StreamState state, long ack) {
      if (state == StreamState.SERVER_TXN) {
        stream.serverAck();
        stream.setMetadata("mime", "text/plain");
        stream.requestTx(HELLO.length());
      }
      return CallbackResult.OK;
    }

    @Override
    public TxResult tx(TxRequest request) {
      return TxResult.send(HELLO, StreamFlags.SOM | StreamFlags.EOM);
    }
  }

  /**
   * Raw Vert.x doing the same: files answered from memory with their content type (or with the
   * idiomatic sendFile), and /stream/hello from the request handler.
   */
  static final class Raw extends VerticleBase {
    private final Path root;
    private final boolean sendFile;
    private final HttpServerOptions options;
    private final Map<String, Buffer> files = new HashMap<>();
    /** Per file, the headers the files mount sends too (validators and content type). */
    private final Map<String, MultiMap> headers = new HashMap<>();
    int port;

    Raw(Path root, boolean sendFile, HttpServerOptions options) {
      this.root = root;
      this.sendFile = sendFile;
      this.options = options;
    }

    @Override
    public Future<?> start() throws Exception {
      try (var list = Files.list(root)) {
        for (Path f : list.toList()) {
          String name = "/" + f.getFileName();
          long mtime = Files.getLastModifiedTime(f).toMillis();
          files.put(name, Buffer.buffer(Files.readAllBytes(f)));
          headers.put(name, HttpHeaders.headers()
              .add(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
              .add(HttpHeaders.ETAG, "\"" + Long.toHexString(mtime) + "-" + Long.toHexString(Files.size(f)) + "\"")
              .add(HttpHeaders.LAST_MODIFIED, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                  .format(java.time.Instant.ofEpochMilli(mtime).atZone(java.time.ZoneOffset.UTC)))
              .add(HttpHeaders.ACCEPT_RANGES, "bytes"));
        }
      }
      return vertx.createHttpServer(options).requestHandler(this::handle)
          .listen().onSuccess(s -> port = s.actualPort());
    }

    private void handle(HttpServerRequest req) {
      if (req.path().equals("/stream/hello")) {
        req.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end(HELLO);
        return;
      }
      if (sendFile) {
        req.response().sendFile(root.resolve(req.path().substring(1)).toString()).onFailure(e -> {
          if (!req.response().ended()) {
            req.response().setStatusCode(404).end();
          }
        });
        return;
      }
      Buffer body = files.get(req.path());
      if (body == null) {
        req.response().setStatusCode(404).end();
      } else {
        req.response().headers().addAll(headers.get(req.path()));
        req.response().end(body);
      }
    }
  }
}
