package dev.sluice.host.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The request as metadata, read lazily: every name answers what the full map holds, repeated
 * headers are joined, declared metadata bound to a header is filled from it, and the view can be
 * read from another thread after the request was handed over. Over h1 and h2c, from a real server.
 */
@ExtendWith(VertxExtension.class)
class RequestMetadataTest {

  @ParameterizedTest
  @EnumSource(value = HttpVersion.class, names = {"HTTP_1_1", "HTTP_2"})
  void everyNameReadsWhatTheFullMapHolds(HttpVersion version, Vertx vertx) throws Exception {
    CompletableFuture<RequestMetadata> seen = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .requestHandler(req -> {
          seen.complete(new RequestMetadata(req, "/api", Map.of("ua", "user-agent")));
          req.response().end();
        })
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    var client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
        .setHttp2ClearTextUpgrade(false));
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.actualPort())
            .setURI("/api/items/7?sort=asc"))
        .compose(r -> r.putHeader("User-Agent", "meta-test")
            .putHeader("X-Multi", (Iterable<String>) java.util.List.of("a", "b")).send())
        .await(10, TimeUnit.SECONDS);
    // read off the event loop, after the request was answered: the head does not change
    RequestMetadata md = seen.get(10, TimeUnit.SECONDS);

    assertThat(md.get(":method")).isEqualTo("GET");
    assertThat(md.get(":path")).isEqualTo("/items/7");
    assertThat(md.get(":query")).isEqualTo("sort=asc");
    assertThat(md.get(":authority")).isEqualTo("127.0.0.1:" + server.actualPort());
    assertThat(md.get(":version")).isEqualTo(version == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1");
    assertThat(md.get(":scheme")).isEqualTo("http");
    assertThat(md.get("user-agent:")).isEqualTo("meta-test");
    assertThat(md.get("x-multi:")).as("a repeated header's values, joined as lws joins them").isEqualTo("a, b");
    assertThat(md.get("ua")).as("declared metadata bound to a header").isEqualTo("meta-test");
    assertThat(md.get("User-Agent:")).as("header names are lower case").isNull();
    assertThat(md.get("x-absent:")).isNull();
    assertThat(md.get(":nonsense")).isNull();
    assertThat(md.get("undeclared")).isNull();
    assertThat(md.containsKey("x-multi:")).isTrue();
    assertThat(md.containsKey("x-absent:")).isFalse();

    // The full map (what a proxy serializes) agrees with every single read.
    Map<String, String> all = new HashMap<>(md);
    assertThat(all).containsEntry(":path", "/items/7").containsEntry("x-multi:", "a, b")
        .containsEntry("ua", "meta-test");
    all.forEach((name, value) -> assertThat(md.get(name)).as(name).isEqualTo(value));
    assertThat(md).isEqualTo(all);
  }
}
