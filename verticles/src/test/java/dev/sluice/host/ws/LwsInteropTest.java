package dev.sluice.host.ws;

import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.CONNECTING;
import static dev.sluice.ss.StreamState.CREATING;
import static dev.sluice.ss.StreamState.DESTROYING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.SERVER_UPGRADE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.CallbackResult;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with libwebsockets 4.1 (Debian libwebsockets-test-server): our client against
 * libwebsockets-test-server's dumb-increment and mirror protocols, and
 * libwebsockets-test-client against our ws server stream (plain and TLS with DER certs from the
 * policy).
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class LwsInteropTest {

  @TempDir Path dir;

  /** Numbers the dumb-increment protocol sent, in order. */
  private static final class Counter extends RecordingHandler {
    final List<Integer> numbers = new CopyOnWriteArrayList<>();

    @Override
    public CallbackResult rx(Buffer payload, int flags) {
      numbers.add(Integer.parseInt(payload.toString().trim()));
      return super.rx(payload, flags);
    }
  }

  @Test
  void ourClientReadsLwsDumbIncrementCounterAndResetsIt(Vertx vertx) throws Exception {
    int port = LwsPeer.freePort();
    try (LwsPeer lws = LwsPeer.server(dir, port, false)) {
      SecureStreams ss = deploy(vertx, """
          "dumb": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/", "metadata": [{"port": ""}],
                   "ws_subprotocol": "dumb-increment-protocol", "retry": "quick"}""", "", "");
      Counter c = new Counter();
      SecureStream s = ss.create("dumb", Map.of("port", Integer.toString(port)), c).await(5, TimeUnit.SECONDS);
      c.drainInto(s);
      s.connect();
      await().atMost(Duration.ofSeconds(10)).until(() -> c.numbers.size() >= 5);
      List<Integer> first = List.copyOf(c.numbers);
      for (int i = 1; i < first.size(); i++) {
        assertThat(first.get(i)).as("the counter goes up by one").isEqualTo(first.get(i - 1) + 1);
      }
      assertThat(c.rxFlags()).allMatch(f -> f == (StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT));
      int before = c.numbers.get(c.numbers.size() - 1);
      c.send("reset\n");
      s.requestTx();
      await().atMost(Duration.ofSeconds(10)).until(() -> c.numbers.get(c.numbers.size() - 1) < before);
      assertThat(c.states()).containsExactly(CREATING, CONNECTING, CONNECTED);
      s.destroy().await(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Plain ws only: the packaged test server cannot start with --ssl on Debian 12 (OpenSSL 3 refuses
   * its 1024-bit certificate: "ee key too small"). Our client's TLS is tested against our own server.
   */
  @Test
  void lwsMirrorsWhatOurClientSendsToAnotherOfOurClients(Vertx vertx) throws Exception {
    int port = LwsPeer.freePort();
    try (LwsPeer lws = LwsPeer.server(dir, port, false)) {
      SecureStreams ss = deploy(vertx, """
          "mirror": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/", "metadata": [{"port": ""}],
                     "ws_subprotocol": "lws-mirror-protocol", "retry": "quick"}""", "", "");
      RecordingHandler a = new RecordingHandler();
      RecordingHandler b = new RecordingHandler();
      Map<String, String> md = Map.of("port", Integer.toString(port));
      SecureStream sa = ss.create("mirror", md, a).await(5, TimeUnit.SECONDS);
      SecureStream sb = ss.create("mirror", md, b).await(5, TimeUnit.SECONDS);
      a.drainInto(sa);
      sa.connect();
      sb.connect();
      await().atMost(Duration.ofSeconds(10)).until(() -> a.saw(CONNECTED) && b.saw(CONNECTED));
      a.send("c #112233 10 20 5;");
      sa.requestTx();
      await().atMost(Duration.ofSeconds(10)).until(() -> b.rxText().contains("c #112233 10 20 5;"));
      assertThat(a.rxText()).as("lws mirrors to the sender too").contains("c #112233 10 20 5;");
      sa.destroy().await(5, TimeUnit.SECONDS);
      sb.destroy().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void lwsTestClientMirrorsThroughOurServerStreamUntilItsSessionEnds(Vertx vertx) throws Exception {
    runLwsClient(vertx, false);
  }

  @Test
  void lwsTestClientTalksToOurServerStreamOverTlsWithDerCertsFromThePolicy(Vertx vertx) throws Exception {
    runLwsClient(vertx, true);
  }

  private void runLwsClient(Vertx vertx, boolean tls) throws Exception {
    WsTestPolicy.TestCert cert = WsTestPolicy.TestCert.create();
    String tlsKeys = tls ? ", \"tls\": true, \"server_cert\": \"srv-cert\", \"server_key\": \"srv-key\"" : "";
    SecureStreams ss = deploy(vertx, """
        "mirror": {"server": true, "protocol": "ws", "endpoint": "127.0.0.1", "port": 0,
                   "ws_subprotocol": "lws-mirror-protocol"%s}""".formatted(tlsKeys),
        "{\"srv-cert\": \"" + cert.certDerBase64() + "\"}, {\"srv-key\": \"" + cert.keyDerBase64() + "\"}", "");
    List<EchoHandler> accepted = new CopyOnWriteArrayList<>();
    AtomicInteger circles = new AtomicInteger();
    AtomicInteger malformed = new AtomicInteger();
    StreamServer server = ss.serve("mirror", s -> {
      EchoHandler e = new EchoHandler(s) {
        @Override
        public CallbackResult rx(Buffer payload, int flags) {
          (payload.toString().matches("c #[0-9A-F]{6} \\d+ \\d+ \\d+;") ? circles : malformed).incrementAndGet();
          return super.rx(payload, flags);
        }
      };
      accepted.add(e);
      return e;
    }).await(10, TimeUnit.SECONDS);
    String url = (tls ? "wss" : "ws") + "://127.0.0.1:" + server.actualPort() + "/";
    try (LwsPeer client = tls ? LwsPeer.client(dir, url, "--once", "--ssl") : LwsPeer.client(dir, url, "--once")) {
      assertThat(client.process.waitFor(60, TimeUnit.SECONDS)).as("the lws client ends its mirror session")
          .isTrue();
      assertThat(client.process.exitValue()).as(client.output()).isZero();
      assertThat(client.output()).contains("mirror: LWS_CALLBACK_CLOSED");
    }
    assertThat(circles.get()).as("messages the lws client drew").isGreaterThanOrEqualTo(16384);
    assertThat(malformed.get()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> accepted.stream()
        .anyMatch(e -> e.states().contains(DESTROYING)));
    EchoHandler mirror = accepted.stream().filter(e -> e.states().contains(DESTROYING)).findFirst().orElseThrow();
    assertThat(mirror.states()).containsExactly(CREATING, CONNECTING, CONNECTED, SERVER_UPGRADE, DISCONNECTED,
        DESTROYING);
    server.close().await(10, TimeUnit.SECONDS);
  }

  private SecureStreams deploy(Vertx vertx, String types, String certs, String trustStores) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, WsTestPolicy.policy(certs, trustStores, types));
    return SecureStreams.create(vertx);
  }

}
