package dev.sluice.host.http.server;

import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.CONNECTING;
import static dev.sluice.ss.StreamState.CREATING;
import static dev.sluice.ss.StreamState.DESTROYING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.SERVER_UPGRADE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamServer;
import dev.sluice.test.EchoHandler;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent peers against our server streams: curl (h1 and h2c with prior knowledge), nghttp
 * (h2c and h2 over TLS), libwebsockets-test-client through the ws upgrade of an h1 listener; and
 * our own ws client streams upgrading on that listener, with a broadcast to them.
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class HttpServerInteropTest {

  private static final String CURL = "/usr/bin/curl";
  private static final String NGHTTP = "/usr/bin/nghttp";
  private static final String LWS_CLIENT = "/usr/bin/libwebsockets-test-client";

  @TempDir Path dir;
  private SecureStreams ss;
  private StreamServer server;
  private final List<Responder> accepted = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeServer() throws Exception {
    if (server != null) {
      server.close().await(30, TimeUnit.SECONDS);
    }
  }

  private int serve(Vertx vertx, String certs, String types, Consumer<Responder> script) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(certs, "", types));
    ss = SecureStreams.create(vertx);
    server = ss.serve("srv", s -> {
      Responder r = new Responder(s, script);
      accepted.add(r);
      return r;
    }).await(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  /** Runs a peer program to its end and returns what it printed. */

  /** Describes the request in the body; "/none" gets no answer at all (so 404). */
  private static Consumer<Responder> describe() {
    return r -> {
      if ("/none".equals(r.seen.get(":path"))) {
        r.stream.destroy();
        return;
      }
      r.reply("text/plain; charset=utf-8", false, r.seen.get(":version"), " ", r.seen.get(":method"),
        " ", r.seen.get(":path"), "?", String.valueOf(r.seen.get(":query")), " ua=", String.valueOf(r.seen.get("ua")),
        " body=", r.body());
    };
  }

  @Test
  void curlOverH1AndH2cWithPriorKnowledge(Vertx vertx) throws Exception {
    int port = serve(vertx, "", ServerTestPolicy.server("h2", ""), describe());
    String h1 = PeerCommand.run(dir, "curl", CURL, "-s", "-i", "-A", "curl-test",
        "http://127.0.0.1:" + port + "/a/b?x=1");
    assertThat(h1).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/plain; charset=utf-8")
        .endsWith("HTTP/1.1 GET /a/b?x=1 ua=curl-test body=");
    String h2 = PeerCommand.run(dir, "curl", CURL, "-s", "--http2-prior-knowledge", "-w", " version=%{http_version}",
        "--data-binary", "posted bytes", "http://127.0.0.1:" + port + "/up");
    assertThat(h2).startsWith("HTTP/2 POST /up?null ua=curl/").endsWith(" body=posted bytes version=2");
    String unanswered = PeerCommand.run(dir, "curl", CURL, "-s", "-o", "/dev/null", "-w", "%{http_code}",
        "http://127.0.0.1:" + port + "/none");
    assertThat(unanswered).isEqualTo("404");
  }

  @Test
  void nghttpOverH2cAndOverTls(Vertx vertx) throws Exception {
    ServerTestPolicy.Der der = ServerTestPolicy.Der.create();
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(der.certs(), "",
        ServerTestPolicy.server("h2", "") + ",\n" + """
        "srvtls": {"server": true, "protocol": "h2", "endpoint": "127.0.0.1", "port": 0, "tls": true,
                   "server_cert": "srvcert", "server_key": "srvkey", "metadata": [{"mime": ""}, {"ua": "user-agent:"}]}"""));
    ss = SecureStreams.create(vertx);
    server = ss.serve("srv", s -> new Responder(s, describe())).await(10, TimeUnit.SECONDS);
    StreamServer tls = ss.serve("srvtls", s -> new Responder(s, describe())).await(10, TimeUnit.SECONDS);
    try {
      // nghttp speaks only h2 and exits non-zero on a failed request; it prints the body.
      String clear = PeerCommand.run(dir, "nghttp2-client", NGHTTP,
          "http://127.0.0.1:" + server.actualPort() + "/n?q=2");
      assertThat(clear).startsWith("HTTP/2 GET /n?q=2 ua=nghttp2/").endsWith(" body=");
      String secure = PeerCommand.run(dir, "nghttp2-client", NGHTTP, "https://127.0.0.1:" + tls.actualPort() + "/s");
      assertThat(secure).contains("HTTP/2 GET /s?null ua=nghttp2/"); // after a warning: the cert is self-signed
    } finally {
      tls.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void ourWsClientStreamsUpgradeOnAnH1ListenerAndABroadcastFromAnyThreadReachesThem(Vertx vertx)
      throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(ServerTestPolicy.server("h1",
        ", \"ws_subprotocol\": \"chat\"") + ",\n" + """
        "chat": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/chat", "metadata": [{"port": ""}],
                 "ws_subprotocol": "chat", "retry": "once"}"""));
    ss = SecureStreams.create(vertx);
    List<EchoHandler> echoes = new CopyOnWriteArrayList<>();
    server = ss.serve("srv", s -> {
      EchoHandler e = new EchoHandler(s);
      echoes.add(e);
      return e;
    }).await(10, TimeUnit.SECONDS);
    List<RecordingHandler> clients = new ArrayList<>();
    List<SecureStream> streams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RecordingHandler h = new RecordingHandler().send("hi " + i);
      SecureStream s = ss.create("chat", Map.of("port", Integer.toString(server.actualPort())), h)
          .await(10, TimeUnit.SECONDS);
      s.requestTx();
      clients.add(h);
      streams.add(s);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> server.streams() == 3
        && clients.stream().allMatch(h -> h.rxText().startsWith("hi ")));
    assertThat(echoes).allMatch(e -> e.states().equals(List.of(CREATING, CONNECTING, CONNECTED, SERVER_UPGRADE)));
    server.broadcast(Buffer.buffer("to all"), StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT)
        .await(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> clients.stream().allMatch(h -> h.rxText().endsWith("to all")));
    for (SecureStream s : streams) {
      s.destroy().await(10, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> server.streams() == 0);
    assertThat(echoes).allMatch(e -> e.states().containsAll(List.of(DISCONNECTED, DESTROYING)));
  }

  @Test
  void libwebsocketsTestClientMirrorsThroughTheWsUpgradeOfAnH1Listener(Vertx vertx) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(ServerTestPolicy.server("h1",
        ", \"ws_subprotocol\": \"lws-mirror-protocol\"")));
    ss = SecureStreams.create(vertx);
    List<EchoHandler> echoes = new CopyOnWriteArrayList<>();
    server = ss.serve("srv", s -> {
      EchoHandler e = new EchoHandler(s);
      echoes.add(e);
      return e;
    }).await(10, TimeUnit.SECONDS);
    String out = PeerCommand.run(dir, "libwebsockets-test-server", LWS_CLIENT,
        "ws://127.0.0.1:" + server.actualPort() + "/",
        "--once");
    assertThat(out).contains("mirror: LWS_CALLBACK_CLOSED");
    await().atMost(Duration.ofSeconds(30)).until(() -> echoes.stream().anyMatch(e -> e.states().contains(DESTROYING)));
    assertThat(echoes.stream().filter(e -> e.states().contains(SERVER_UPGRADE))).isNotEmpty();
  }
}
