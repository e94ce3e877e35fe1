package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStreams;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.util.List;
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
  void manyStreamsShareOneMuxedLinkAndABrokenChannelClosesOnlyItself() throws Exception {
    java.net.Socket socket = new java.net.Socket("127.0.0.1", fx.proxy.tcpPort());
    SecureStreams ss = dev.sluice.ss.impl.SecureStreamsImpl.muxed(fx.clientVertx, socket.getInputStream(),
        socket.getOutputStream(), () -> { });
    List<io.vertx.core.Future<Buffer>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(ss.fetch(i % 2 == 0 ? "get" : "post", Map.of(), i % 2 == 0 ? null : Buffer.buffer("abc")));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(answers.get(i).await(20, TimeUnit.SECONDS).toString())
          .isEqualTo(i % 2 == 0 ? "GET /g 0" : "POST /p 3");
    }
    // a metadata name the proxy's policy does not declare closes that channel, not the link
    java.util.concurrent.BlockingQueue<io.vertx.core.json.JsonObject> notices =
        new java.util.concurrent.LinkedBlockingQueue<>();
    fx.proxyVertx.eventBus().<io.vertx.core.json.JsonObject>consumer(
        dev.sluice.proxy.impl.ProxyCore.CLOSED_ADDRESS, m -> notices.add(m.body()))
        .completion().await(10, TimeUnit.SECONDS);
    dev.sluice.ss.SecureStream bad = ss.create("get", Map.of("nope", "x"), new dev.sluice.ss.StreamHandler() { })
        .await(10, TimeUnit.SECONDS);
    io.vertx.core.json.JsonObject notice = notices.poll(10, TimeUnit.SECONDS);
    assertThat(notice.getString("rule")).isEqualTo("UNDECLARED_METADATA");
    assertThat(notice.getString("link")).contains("/mux/");
    bad.destroy();
    assertThat(ss.fetch("get", Map.of()).await(20, TimeUnit.SECONDS).toString()).isEqualTo("GET /g 0");
    assertThat(fx.proxy.stats().getLong("accepted")).as("one link carried every stream").isEqualTo(1);
    ss.close().await(10, TimeUnit.SECONDS);
    socket.close();
  }

  @Test
  void aWebSocketLinkCarriesTheSameBytesInBinaryMessages() throws Exception {
    io.vertx.core.http.WebSocketClient client = fx.clientVertx.createWebSocketClient();
    io.vertx.core.http.WebSocket ws = client.connect(fx.proxy.wsPort(), "127.0.0.1", "/ss")
        .await(10, TimeUnit.SECONDS);
    Buffer received = Buffer.buffer();
    ws.binaryMessageHandler(b -> {
      synchronized (received) {
        received.appendBuffer(b);
      }
    });
    ws.writeBinaryMessage(Buffer.buffer(java.util.HexFormat.of().parseHex(RawSssPeer.streamType("get") + "ab0000")));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      synchronized (received) {
        return java.util.HexFormat.of().formatHex(received.getBytes()).endsWith("5700050200000000");
      }
    });
    String hex;
    synchronized (received) {
      hex = java.util.HexFormat.of().formatHex(received.getBytes());
    }
    assertThat(hex).startsWith("56000900000000002c676574" + "5700050100000000" + "5700050600000000")
        .contains(java.util.HexFormat.of().formatHex("GET /g 0".getBytes()));
    assertThatThrownBy(() -> client.connect(fx.proxy.wsPort(), "127.0.0.1", "/elsewhere").await(10, TimeUnit.SECONDS))
        .hasMessageContaining("404");
  }

  @Test
  void whatOneTurnOfTheProxyWritesGoesAsOneWrite() throws Exception {
    // Over a WebSocket link every proxy write is one binary message, so the messages show the writes:
    // the onward response gives payload, its EOM, QOS_ACK_REMOTE and DISCONNECTED in one turn.
    // kept in a variable: Vert.x closes a client that becomes unreachable
    io.vertx.core.http.WebSocketClient client = fx.clientVertx.createWebSocketClient();
    io.vertx.core.http.WebSocket ws = client.connect(fx.proxy.wsPort(), "127.0.0.1", "/ss")
        .await(10, TimeUnit.SECONDS);
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    ws.binaryMessageHandler(b -> messages.add(java.util.HexFormat.of().formatHex(b.getBytes())));
    ws.writeBinaryMessage(Buffer.buffer(java.util.HexFormat.of().parseHex(RawSssPeer.streamType("get") + "ab0000")));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> String.join("", messages).endsWith("5700050200000000"));
    String body = java.util.HexFormat.of().formatHex("GET /g 0".getBytes());
    String withBody = messages.stream().filter(m -> m.contains(body)).findFirst().orElseThrow();
    assertThat(withBody).as("messages %s", messages)
        .contains("570005" + "0a" + "000000c8") // QOS_ACK_REMOTE, status 200
        .endsWith("5700050200000000"); // DISCONNECTED
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aPostCarriesItsBody() throws Exception {
    SecureStreams ss = fx.client(fx.tcpAddress());
    Buffer body = Buffer.buffer(new byte[10_000]);
    assertThat(ss.fetch("post", Map.of(), body).await(10, TimeUnit.SECONDS).toString())
        .isEqualTo("POST /p 10000");
  }
}
