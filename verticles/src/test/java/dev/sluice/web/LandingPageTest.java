package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.runtime.SluiceRuntime;
import dev.sluice.web.WebFixture.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime as {@code sluice run} deploys it (policy, stream hosts, web server from a runtime.json)
 * and its landing page over h1 and h2c, its status.json, and the echo server streamtype.
 */
@ExtendWith(VertxExtension.class)
class LandingPageTest {

  @TempDir
  Path dir;
  SluiceRuntime rt;
  WebFixture web;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.writeString(dir.resolve("policy.json"), """
        {"release": "landing-test", "s": [
          {"echo_server": {"server": true, "protocol": "h1", "endpoint": "!default",
                           "http_url": "/echo", "ws_subprotocol": "sluice-echo"}},
          {"echo": {"endpoint": "ws://127.0.0.1:${port}/echo", "protocol": "ws", "ws_subprotocol": "sluice-echo",
                    "ws_binary": true, "metadata": [{"port": ""}]}},
          {"mintest": {"endpoint": "example.com", "port": 443, "protocol": "h1", "tls": true}}]}""");
    JsonObject conf = new JsonObject()
        .put("policy", new JsonObject().put("file", "policy.json").put("watch", false))
        .put("hosts", new JsonObject())
        .put("web", new JsonObject().put("echoStreamtypes", new JsonArray().add("echo_server"))
            .put("vhosts", new JsonArray().add(new JsonObject().put("name", "default")
                .put("listeners", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", 0)))
                .put("mounts", new JsonArray()
                    .add(new JsonObject().put("mountpoint", "/").put("type", "landing"))
                    .add(new JsonObject().put("mountpoint", "/echo").put("type", "stream")
                        .put("streamtype", "echo_server"))))));
    rt = SluiceRuntime.start(vertx, conf, dir).await(30, TimeUnit.SECONDS);
    web = new WebFixture(dir);
    web.port = port("web default +http://127\\.0\\.0\\.1:(\\d+)/");
  }

  @AfterEach
  void stop() throws Exception {
    rt.close().await(30, TimeUnit.SECONDS);
  }

  private int port(String regex) {
    for (String line : rt.summary()) {
      Matcher m = Pattern.compile(regex).matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no summary line matches " + regex + ": " + rt.summary());
  }

  @Test
  void theLandingPageListsTheComponentsAndStreamtypesOverH1AndH2c(Vertx vertx) throws Exception {
    for (var client : List.of(WebFixture.h1(vertx), WebFixture.h2c(vertx))) {
      Answer a = web.get(client, "/", Map.of());
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.header("content-type")).isEqualTo("text/html; charset=utf-8");
      String page = a.body().toString();
      assertThat(page).contains("<tr><td>policy</td>", "<tr><td>hosts</td>", "<tr><td>web</td>")
          .contains("release landing-test")
          .contains("<tr><td>echo_server</td><td>h1</td><td>server</td>")
          .contains("<tr><td>mintest</td><td>h1</td><td>client</td><td>example.com:443</td>")
          .doesNotContain("{{");
    }
    assertThat(web.get(WebFixture.h2c(vertx), "/", Map.of()).version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(web.get(WebFixture.h1(vertx), "/landing.css", Map.of()).header("content-type"))
        .isEqualTo("text/css; charset=utf-8");
    assertThat(web.get(WebFixture.h1(vertx), "/other", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void statusJsonHasTheSameFacts(Vertx vertx) throws Exception {
    Answer a = web.get(WebFixture.h1(vertx), "/status.json", Map.of());
    assertThat(a.header("content-type")).isEqualTo("application/json");
    JsonObject s = a.body().toJsonObject();
    assertThat(s.getJsonArray("components").stream().map(o -> ((JsonObject) o).getString("name")).toList())
        .containsSubsequence("policy", "hosts", "web");
    assertThat(s.getJsonObject("policy").getString("release")).isEqualTo("landing-test");
    assertThat(s.getJsonObject("policy").getJsonArray("streamtypes")).hasSize(3);
    assertThat(s.getJsonObject("web").getJsonArray("echoStreamtypes")).containsExactly("echo_server");
  }

  @Test
  void theEchoIsAWebSocketUpgradeAtSlashEchoOnTheWebPort(Vertx vertx) throws Exception {
    assertThat(rt.summary()).anySatisfy(line -> assertThat(line)
        .matches("echo +ws://127\\.0\\.0\\.1:" + web.port + "/echo +\\(subprotocol sluice-echo\\)"));
    // Held in a variable and closed at the end: Vert.x closes the sockets of a client that the
    // garbage collector takes, which cut this handshake once in a full build.
    io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient();
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(web.port).setURI("/echo").addSubProtocol("sluice-echo")).await(10, TimeUnit.SECONDS);
    assertThat(ws.subProtocol()).isEqualTo("sluice-echo");
    CompletableFuture<String> text = new CompletableFuture<>();
    CompletableFuture<byte[]> binary = new CompletableFuture<>();
    ws.textMessageHandler(text::complete);
    ws.binaryMessageHandler(b -> binary.complete(b.getBytes()));
    ws.writeTextMessage("hello, echo").await(10, TimeUnit.SECONDS);
    assertThat(text.get(10, TimeUnit.SECONDS)).isEqualTo("hello, echo");
    ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(new byte[] {0, 1, 2, (byte) 255}))
        .await(10, TimeUnit.SECONDS);
    assertThat(binary.get(10, TimeUnit.SECONDS)).containsExactly(0, 1, 2, 255);
    // the same listener still serves plain HTTP, over h1 and h2c, while the WebSocket is open
    assertThat(web.get(WebFixture.h2c(vertx), "/", Map.of()).status()).isEqualTo(200);
    assertThat(web.get(WebFixture.h1(vertx), "/status.json", Map.of()).status()).isEqualTo(200);
    ws.close().await(10, TimeUnit.SECONDS);
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aClientStreamReachesTheEcho(Vertx vertx) throws Exception {
    // What conf/policy.json's "echo" client streamtype does against "sluice run" (same path and
    // subprotocol), through Sluice's own ws client host; the port comes in as metadata here.
    dev.sluice.ss.StreamChannel ch = dev.sluice.ss.SecureStreams.create(vertx)
        .open("echo", Map.of("port", Integer.toString(web.port))).await(10, TimeUnit.SECONDS);
    CompletableFuture<io.vertx.core.buffer.Buffer> back = new CompletableFuture<>();
    ch.handler(back::complete);
    ch.stream().requestTx(); // connects
    vertx.runOnContext(v -> ch.writeMessage(io.vertx.core.buffer.Buffer.buffer("through the stream")));
    assertThat(back.get(10, TimeUnit.SECONDS).toString()).isEqualTo("through the stream");
    ch.stream().destroy().await(10, TimeUnit.SECONDS);
  }

  @Test
  void plainHttpOnTheEchoAnswersWithoutHanging(Vertx vertx) throws Exception {
    Answer get = web.get(WebFixture.h1(vertx), "/echo", Map.of());
    assertThat(get.status()).as("a GET has nothing to echo: 426 Upgrade Required").isEqualTo(426);
    assertThat(get.body().toString()).contains("WebSocket echo");
    Answer post = web.call(WebFixture.h2c(vertx), io.vertx.core.http.HttpMethod.POST, "/echo", Map.of(),
        io.vertx.core.buffer.Buffer.buffer("a body to echo"));
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.body().toString()).isEqualTo("a body to echo");
  }

  @Test
  void anUpgradeOfferingAnotherSubprotocolIsRefused(Vertx vertx) throws Exception {
    io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient();
    try {
      Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> client.connect(new WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(web.port).setURI("/echo").addSubProtocol("chat"))
          .await(10, TimeUnit.SECONDS));
      assertThat(e).isNotNull().hasMessageContaining("400");
      // and the listener keeps serving
      assertThat(web.get(WebFixture.h1(vertx), "/", Map.of()).status()).isEqualTo(200);
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }
}
