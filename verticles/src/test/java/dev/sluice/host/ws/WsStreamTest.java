package dev.sluice.host.ws;

import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.CONNECTING;
import static dev.sluice.ss.StreamState.CREATING;
import static dev.sluice.ss.StreamState.DESTROYING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.POLL;
import static dev.sluice.ss.StreamState.SERVER_UPGRADE;
import static dev.sluice.ss.StreamState.UNREACHABLE;
import dev.sluice.ss.StreamState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamChannel;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamServer;
import dev.sluice.test.EchoHandler;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ws client streams against a Sluice ws server stream, both on 127.0.0.1. */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class WsStreamTest {

  private static final String ECHO = """
      "echo": {"server": true, "protocol": "ws", "endpoint": "127.0.0.1", "port": 0, "ws_subprotocol": "echo"}""";

  @TempDir Path dir;
  private Vertx vertx;
  private SecureStreams ss;
  private StreamServer server;
  private final List<EchoHandler> echoes = new CopyOnWriteArrayList<>();

  private void deploy(Vertx vertx, String clientTypes) throws Exception {
    this.vertx = vertx;
    SluiceTestRuntime.deploy(vertx, dir, WsTestPolicy.policy(ECHO + ",\n" + clientTypes));
    ss = SecureStreams.create(vertx);
    server = ss.serve("echo", s -> {
      EchoHandler e = new EchoHandler(s);
      echoes.add(e);
      return e;
    }).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeServer() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static String client(String name, String extra) {
    return """
        "%s": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/e", "metadata": [{"port": ""}],
               "ws_subprotocol": "echo", "retry": "quick"%s}""".formatted(name, extra);
  }

  private SecureStream open(String type, RecordingHandler h) throws Exception {
    SecureStream s = ss.create(type, Map.of("port", Integer.toString(server.actualPort())), h)
        .await(5, TimeUnit.SECONDS);
    h.drainInto(s);
    return s;
  }

  @Test
  void aClientStreamSendsATextMessageAndGetsItsEchoWithLwsStatesOnBothSides(Vertx vertx) throws Exception {
    deploy(vertx, client("text", ""));
    RecordingHandler h = new RecordingHandler().send("hello");
    SecureStream s = open("text", h);
    s.requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.rxText().equals("hello"));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED);
    assertThat(h.rxFlags()).containsExactly(StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT);
    assertThat(echoes).hasSize(1);
    assertThat(echoes.get(0).states()).containsExactly(CREATING, CONNECTING, CONNECTED, SERVER_UPGRADE);
    assertThat(h.threads()).as("client callbacks stay on the stream's event loop")
        .allMatch(t -> t.equals(h.threads().get(0)));

    s.destroy().await(5, TimeUnit.SECONDS);
    assertThat(h.states()).endsWith(DESTROYING);
    await().atMost(Duration.ofSeconds(5)).until(() -> echoes.get(0).states().contains(DESTROYING));
    assertThat(echoes.get(0).states()).endsWith(DISCONNECTED, DESTROYING);
    assertThat(server.streams()).isZero();
  }

  @Test
  void piecesWithoutEomAreSentAsFragmentsAndComeBackAsPiecesEvenWithACodePointCutInTwo(Vertx vertx)
      throws Exception {
    deploy(vertx, client("text", ""));
    byte[] e = "é".getBytes(StandardCharsets.UTF_8);
    RecordingHandler h = new RecordingHandler()
        .send(Buffer.buffer("caf").appendByte(e[0]), StreamFlags.SOM)
        .send(Buffer.buffer().appendByte(e[1]).appendString(" au "), 0)
        .send(Buffer.buffer("lait"), StreamFlags.EOM);
    SecureStream s = open("text", h);
    s.requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.rxFlags().size() == 3);
    assertThat(h.rxText()).isEqualTo("café au lait");
    assertThat(h.rxFlags()).containsExactly(StreamFlags.SOM | StreamFlags.TEXT, StreamFlags.TEXT,
        StreamFlags.EOM | StreamFlags.TEXT);
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void wsBinarySendsBinaryMessagesAndTheFlagOverridesItPerMessage(Vertx vertx) throws Exception {
    deploy(vertx, client("bin", ", \"ws_binary\": true"));
    RecordingHandler h = new RecordingHandler()
        .send(Buffer.buffer(new byte[] {0, (byte) 0xff, 7}), StreamFlags.SOM | StreamFlags.EOM)
        .send(Buffer.buffer("as text"), StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT);
    SecureStream s = open("bin", h);
    s.requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.rxFlags().size() == 2);
    assertThat(h.rxFlags()).containsExactly(StreamFlags.SOM | StreamFlags.EOM | StreamFlags.BINARY,
        StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT);
    assertThat(h.rxText().substring(3)).isEqualTo("as text");
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aSubprotocolTheListenerDoesNotServeIsRefusedAndRetriedByThePolicy(Vertx vertx) throws Exception {
    deploy(vertx, """
        "other": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/", "metadata": [{"port": ""}],
                  "ws_subprotocol": "not-echo", "retry": "once"}""");
    RecordingHandler h = new RecordingHandler().send("x");
    SecureStream s = open("other", h);
    s.requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(StreamState.ALL_RETRIES_FAILED));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, UNREACHABLE, StreamState.ALL_RETRIES_FAILED);
    assertThat(echoes).isEmpty();
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aBroadcastFromAnyThreadReachesEveryAcceptedStream(Vertx vertx) throws Exception {
    deploy(vertx, client("text", ""));
    List<RecordingHandler> handlers = new ArrayList<>();
    List<SecureStream> streams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RecordingHandler h = new RecordingHandler();
      SecureStream s = open("text", h);
      s.connect();
      handlers.add(h);
      streams.add(s);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.streams() == 3
        && handlers.stream().allMatch(h -> h.saw(CONNECTED)));
    server.broadcast(Buffer.buffer("news"), StreamFlags.SOM | StreamFlags.EOM).await(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.stream().allMatch(h -> h.rxText().equals("news")));
    for (SecureStream s : streams) {
      s.destroy().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPausedChannelReceivesNothingUntilResumedAndThenLosesNothing(Vertx vertx) throws Exception {
    deploy(vertx, client("text", ""));
    StreamChannel ch = ss.open("text", Map.of("port", Integer.toString(server.actualPort())))
        .await(5, TimeUnit.SECONDS);
    List<String> got = new CopyOnWriteArrayList<>();
    ch.handler(b -> got.add(b.toString()));
    ch.pause();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // One long message: each write is a fragment, echoed back as a fragment.
      sent.add("m" + i);
      ch.write(Buffer.buffer("m" + i)).await(5, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.streams() == 1);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(got::isEmpty);
    ch.resume();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(got).containsExactlyElementsOf(sent));
  }

  @Test
  void wssWorksWithAPolicyTrustStoreAndFailsWhenTheHostNameDoesNotMatchTheCertificate(Vertx vertx)
      throws Exception {
    this.vertx = vertx;
    WsTestPolicy.TestCert cert = WsTestPolicy.TestCert.create();
    SluiceTestRuntime.deploy(vertx, dir, WsTestPolicy.policy("{\"mine\": \"" + cert.certDerBase64() + "\"}",
        "{\"name\": \"mine\", \"stack\": [\"mine\"]}", """
        "secure": {"server": true, "protocol": "ws", "endpoint": "127.0.0.1", "port": 0, "tls": true,
                   "sluice_server_cert_pem": "%s", "sluice_server_key_pem": "%s"},
        "wss": {"protocol": "ws", "endpoint": "wss://localhost:${port}/", "metadata": [{"port": ""}],
                "tls_trust_store": "mine", "retry": "once"},
        "wrongname": {"protocol": "ws", "endpoint": "wss://127.0.0.1:${port}/", "metadata": [{"port": ""}],
                      "tls_trust_store": "mine", "retry": "once"}""".formatted(cert.certPem(), cert.keyPem())));
    ss = SecureStreams.create(vertx);
    server = ss.serve("secure", s -> {
      EchoHandler e = new EchoHandler(s);
      echoes.add(e);
      return e;
    }).await(10, TimeUnit.SECONDS);
    RecordingHandler good = new RecordingHandler().send("over tls");
    SecureStream s = open("wss", good);
    s.requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> good.rxText().equals("over tls"));
    s.destroy().await(5, TimeUnit.SECONDS);

    RecordingHandler bad = new RecordingHandler().send("x");
    SecureStream b = open("wrongname", bad);
    b.requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> bad.saw(StreamState.ALL_RETRIES_FAILED));
    assertThat(bad.states()).containsExactly(CREATING, POLL, CONNECTING, UNREACHABLE, StreamState.ALL_RETRIES_FAILED);
    assertThat(bad.rxText()).isEmpty();
    b.destroy().await(5, TimeUnit.SECONDS);
  }
}
