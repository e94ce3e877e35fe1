package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.runtime.SluiceRuntime;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.StreamState;
import dev.sluice.test.EchoHandler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ws server streamtype mounted on a web listener (h1 + h2c in the clear, as 7681 is), served by
 * the application through {@code SecureStreams.serve}: Debian's {@code libwebsockets-test-client}
 * mirrors through the mount, and a broadcast from a thread that is not Vert.x's reaches every
 * stream upgraded through it while the listener keeps serving plain requests.
 */
@ExtendWith(VertxExtension.class)
class StreamMountWsTest {

  private static final String LWS_CLIENT = "/usr/bin/libwebsockets-test-client";

  @TempDir
  Path dir;
  SluiceRuntime rt;
  StreamServer server;
  final List<EchoHandler> echoes = new CopyOnWriteArrayList<>();
  int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.writeString(dir.resolve("policy.json"), """
        {"release": "mount-ws-test", "s": [
          {"mirror": {"server": true, "protocol": "h1", "endpoint": "!default",
                      "ws_subprotocol": "lws-mirror-protocol"}}]}""");
    JsonObject conf = new JsonObject()
        .put("policy", new JsonObject().put("file", "policy.json").put("watch", false))
        .put("hosts", new JsonObject())
        .put("web", new JsonObject()
            .put("vhosts", new JsonArray().add(new JsonObject().put("name", "default")
                .put("listeners", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", 0)))
                .put("mounts", new JsonArray()
                    .add(new JsonObject().put("mountpoint", "/").put("type", "landing"))
                    .add(new JsonObject().put("mountpoint", "/mirror").put("type", "stream")
                        .put("streamtype", "mirror"))))));
    rt = SluiceRuntime.start(vertx, conf, dir).await(30, TimeUnit.SECONDS);
    port = webPort();
    server = SecureStreams.create(vertx).serve("mirror", s -> {
      EchoHandler e = new EchoHandler(s);
      echoes.add(e);
      return e;
    }).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(30, TimeUnit.SECONDS);
    rt.close().await(30, TimeUnit.SECONDS);
  }

  private int webPort() {
    Pattern p = Pattern.compile("web default +http://127\\.0\\.0\\.1:(\\d+)/");
    for (String line : rt.summary()) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no web listener in " + rt.summary());
  }

  @Test
  void libwebsocketsTestClientMirrorsThroughTheMountOnTheWebPort() throws Exception {
    assertThat(Path.of(LWS_CLIENT)).as("install the Debian package libwebsockets-test-server (.ci/run does)")
        .isExecutable();
    Path out = dir.resolve("lws.out");
    Process p = new ProcessBuilder(LWS_CLIENT, "ws://127.0.0.1:" + port + "/mirror", "--once")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the lws client finished").isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit status; output:%n%s", output).isZero();
    assertThat(output).contains("mirror: LWS_CALLBACK_CLOSED");
    await().atMost(Duration.ofSeconds(30))
        .until(() -> echoes.stream().anyMatch(e -> e.states().contains(StreamState.DESTROYING)));
    assertThat(echoes).anySatisfy(e -> assertThat(e.states()).contains(StreamState.SERVER_UPGRADE));
  }

  @Test
  void aBroadcastFromAnyThreadReachesEveryStreamUpgradedThroughTheMount(Vertx vertx) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    List<CompletableFuture<String>> got = List.of(new CompletableFuture<>(), new CompletableFuture<>());
    List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    for (CompletableFuture<String> g : got) {
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/mirror").addSubProtocol("lws-mirror-protocol")).await(10, TimeUnit.SECONDS);
      ws.textMessageHandler(g::complete);
      sockets.add(ws);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.streams() == 2);
    CompletableFuture<Void> sent = new CompletableFuture<>();
    Thread plain = new Thread(() -> server.broadcast(Buffer.buffer("to all"),
        StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT).onComplete(ar -> {
          if (ar.succeeded()) {
            sent.complete(null);
          } else {
            sent.completeExceptionally(ar.cause());
          }
        }), "not-vertx");
    plain.start();
    sent.get(10, TimeUnit.SECONDS);
    for (CompletableFuture<String> g : got) {
      assertThat(g.get(10, TimeUnit.SECONDS)).isEqualTo("to all");
    }
    // plain requests on the same listener, h1 and h2c, while the WebSockets are open
    WebFixture web = new WebFixture(dir);
    web.port = port;
    assertThat(web.get(WebFixture.h1(vertx), "/", Map.of()).status()).isEqualTo(200);
    assertThat(web.get(WebFixture.h2c(vertx), "/", Map.of()).status()).isEqualTo(200);
    for (WebSocket ws : sockets) {
      ws.close().await(10, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.streams() == 0);
    client.close().await(10, TimeUnit.SECONDS);
  }
}
