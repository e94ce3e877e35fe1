package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two vhosts on one socket chosen by Host, and a shutdown that lets a request in flight finish. */
@ExtendWith(VertxExtension.class)
class VhostsAndShutdownTest {

  @TempDir
  Path dir;

  private static JsonObject vhost(String name, String host, Path root) {
    return new JsonObject().put("name", name).put("hostnames", new JsonArray().add(host))
        .put("listeners", new JsonArray().add(new JsonObject().put("port", 0)))
        .put("mounts", new JsonArray().add(new JsonObject().put("mountpoint", "/").put("type", "files")
            .put("root", root.toString())).add(new JsonObject().put("mountpoint", "/slow").put("type", "stream")
            .put("streamtype", "slow")));
  }

  @Test
  void theHostHeaderChoosesTheVhostAndAnUnknownHostGetsTheFirst(Vertx vertx) throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(a.resolve("index.html"), "site a");
    Files.writeString(b.resolve("index.html"), "site b");
    WebServerVerticle v = new WebServerVerticle(WebServerOptions.fromJson(new JsonObject().put("vhosts",
        new JsonArray().add(vhost("a", "a.test", a)).add(vhost("b", "b.test", b))), dir));
    vertx.deployVerticle(v).await(20, TimeUnit.SECONDS);
    WebFixture web = new WebFixture(dir.resolve("unused"));
    web.port = v.port("a");
    assertThat(v.port("b")).isEqualTo(web.port);
    HttpClient c = WebFixture.h1(vertx);
    assertThat(web.get(c, "/", Map.of("host", "b.test")).body().toString()).isEqualTo("site b");
    assertThat(web.get(c, "/", Map.of("host", "A.TEST:8080")).body().toString()).isEqualTo("site a");
    assertThat(web.get(c, "/", Map.of("host", "other.test")).body().toString()).isEqualTo("site a");
    assertThat(web.get(WebFixture.h2c(vertx), "/", Map.of()).body().toString()).isEqualTo("site a");
  }

  @Test
  void undeployingLetsARequestInFlightFinishAndThenRefusesConnections(Vertx vertx) throws Exception {
    Path root = Files.createDirectories(dir.resolve("a"));
    AtomicReference<HttpServerRequest> held = new AtomicReference<>();
    ServerStreamDispatcher hold = (st, req, path) -> {
      held.set(req);
      return Future.succeededFuture();
    };
    ServerStreamDispatcher.register(vertx, hold);
    try {
      WebServerVerticle v = new WebServerVerticle(WebServerOptions.fromJson(new JsonObject().put("vhosts",
          new JsonArray().add(vhost("a", "*", root))), dir));
      String id = vertx.deployVerticle(v).await(20, TimeUnit.SECONDS);
      WebFixture web = new WebFixture(dir.resolve("unused"));
      web.port = v.port("a");
      HttpClient c = WebFixture.h1(vertx);
      var answer = c.request(io.vertx.core.http.HttpMethod.GET, web.port, "127.0.0.1", "/slow")
          .compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode() + " " + b));
      await().atMost(Duration.ofSeconds(10)).until(() -> held.get() != null);
      Future<Void> undeployed = vertx.undeploy(id);
      // The listener is closed to new work while the held request is still open.
      HttpServerRequest req = held.get();
      vertx.runOnContext(x -> req.response().end("finished"));
      assertThat(answer.await(10, TimeUnit.SECONDS)).isEqualTo("200 finished");
      undeployed.await(20, TimeUnit.SECONDS);
      assertThatThrownBy(() -> web.get(WebFixture.h1(vertx), "/", Map.of())).hasMessageContaining("Connection refused");
    } finally {
      ServerStreamDispatcher.unregister(vertx, hold);
    }
  }
}
