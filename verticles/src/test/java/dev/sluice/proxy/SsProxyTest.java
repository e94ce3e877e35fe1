package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStreams;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams through our proxy on each of its listeners, from our client in another Vert.x. */
class SsProxyTest {

  @TempDir Path dir;
  private Vertx serverVertx;
  private HttpServer server;
  private ProxyFixture fx;

  @BeforeEach
  void start() throws Exception {
    serverVertx = Vertx.vertx();
    server = serverVertx.createHttpServer().requestHandler(r -> r.body().onSuccess(body ->
        r.response().putHeader("content-type", "text/plain")
            .end(r.method() + " " + r.path() + " " + body.length())));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    fx = ProxyFixture.start(dir, """
        {"retry": [{"quick": {"backoff": [100], "conceal": 2, "jitterpc": 1}}],
         "s": [{
           "get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/g",
                   "retry": "quick", "metadata": [{"ctype": "content-type:"}]},
           "post": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/p",
                    "http_method": "POST", "retry": "quick"}
         }]}""".formatted(server.actualPort()));
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aGetThroughEachListenerReturnsTheBody() throws Exception {
    for (ProxyAddress a : new ProxyAddress[] {fx.udsAddress(), fx.tcpAddress(), fx.abstractAddress()}) {
      SecureStreams ss = fx.client(a);
      assertThat(ss.fetch("get", Map.of()).await(10, TimeUnit.SECONDS).toString()).as("%s", a)
          .isEqualTo("GET /g 0");
      ss.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPostCarriesItsBody() throws Exception {
    SecureStreams ss = fx.client(fx.tcpAddress());
    Buffer body = Buffer.buffer(new byte[10_000]);
    assertThat(ss.fetch("post", Map.of(), body).await(10, TimeUnit.SECONDS).toString())
        .isEqualTo("POST /p 10000");
  }
}
