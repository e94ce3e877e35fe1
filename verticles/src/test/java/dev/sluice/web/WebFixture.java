package dev.sluice.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A document root with known files for the web tests, a canary outside it (and symlinks that try
 * to reach the canary), and a web server on a free port serving it.
 */
final class WebFixture {

  /** Text that exists only outside the root: no answer may ever contain it. */
  final String canary = "CANARY-" + UUID.randomUUID();
  final Path dir;
  final Path root;
  final byte[] index = "<!doctype html><title>test index</title>\n".getBytes(StandardCharsets.UTF_8);
  final byte[] subIndex = "<!doctype html><title>sub index</title>\n".getBytes(StandardCharsets.UTF_8);
  final byte[] text = "0123456789abcdefghijklmnopqrstuvwxyz\n".repeat(40).getBytes(StandardCharsets.UTF_8);
  final byte[] textBr = "not really brotli, but what the server must pass on".getBytes(StandardCharsets.UTF_8);
  final byte[] big = new byte[300_000];
  final byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
  /** Set by deploy(). */
  int port;
  WebServerVerticle verticle;

  WebFixture(Path dir) throws Exception {
    this.dir = dir;
    root = Files.createDirectories(dir.resolve("www"));
    new Random(7).nextBytes(big);
    Files.writeString(dir.resolve("canary.txt"), canary);
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/passwd"), canary);
    Files.write(root.resolve("index.html"), index);
    Files.writeString(root.resolve("style.css"), "body { color: red }\n");
    Files.writeString(root.resolve("app.js"), "console.log(1);\n");
    Files.writeString(root.resolve("data.json"), "{\"a\": 1}\n");
    Files.write(root.resolve("image.png"), png);
    Files.write(root.resolve("noext"), new byte[] {1, 2, 3});
    Files.write(root.resolve("text.txt"), text);
    Files.write(root.resolve("text.txt.gz"), gzip(text));
    Files.write(root.resolve("text.txt.br"), textBr);
    Files.write(root.resolve("big.bin"), big);
    Files.createDirectories(root.resolve("sub"));
    Files.write(root.resolve("sub/index.html"), subIndex);
    // Symlinks that leave the root: to a file and to a directory outside it.
    Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("canary.txt"));
    Files.createSymbolicLink(root.resolve("updir"), dir);
    // A symlink that stays inside is fine.
    Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("text.txt"));
  }

  static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  /** The test vhost: files at "/", a redirect at "/old", a stream mount at "/api", an upload limit. */
  JsonObject config(JsonObject limits) {
    return config(limits, new JsonObject());
  }

  /** As {@link #config(JsonObject)}, with more keys for the listener ({"h2c": false}, TLS files). */
  JsonObject config(JsonObject limits, JsonObject listener) {
    JsonArray mounts = new JsonArray()
        .add(new JsonObject().put("mountpoint", "/").put("type", "files").put("root", root.toString())
            .put("cacheControl", "max-age=60"))
        .add(new JsonObject().put("mountpoint", "/old").put("type", "redirect").put("status", 308)
            .put("location", "https://example.org/new"))
        .add(new JsonObject().put("mountpoint", "/api").put("type", "stream").put("streamtype", "api"))
        .add(new JsonObject().put("mountpoint", "/small").put("type", "files").put("root", root.toString())
            .put("maxBodyBytes", 1024));
    return new JsonObject().put("limits", limits).put("vhosts", new JsonArray().add(new JsonObject()
        .put("name", "test").put("listeners", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", 0).mergeIn(listener)))
        .put("mounts", mounts)));
  }

  /** Deploys the server with {@code limits} (an empty object for the defaults) and returns its port. */
  int deploy(Vertx vertx, JsonObject limits) throws Exception {
    return deploy(vertx, limits, new JsonObject());
  }

  int deploy(Vertx vertx, JsonObject limits, JsonObject listener) throws Exception {
    verticle = new WebServerVerticle(WebServerOptions.fromJson(config(limits, listener), dir));
    vertx.deployVerticle(verticle).await(20, TimeUnit.SECONDS);
    port = verticle.port("test");
    return port;
  }

  static HttpClient h1(Vertx vertx) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
  }

  static HttpClient h2c(Vertx vertx) {
    return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
  }

  /** One answer as the client saw it. */
  record Answer(int status, io.vertx.core.MultiMap headers, Buffer body, HttpVersion version) {
    String header(String name) {
      return headers.get(name);
    }

    byte[] bytes() {
      return body.getBytes();
    }
  }

  Answer get(HttpClient client, String uri, Map<String, String> headers) throws Exception {
    return call(client, HttpMethod.GET, uri, headers, null);
  }

  Answer call(HttpClient client, HttpMethod method, String uri, Map<String, String> headers, Buffer body)
      throws Exception {
    return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri))
        .compose(req -> {
          headers.forEach(req::putHeader);
          return (body == null ? req.send() : req.send(body))
              .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b, resp.version())));
        }).await(20, TimeUnit.SECONDS);
  }
}
