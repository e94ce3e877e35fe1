package dev.sluice.host.raw;

import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.CONNECTING;
import static dev.sluice.ss.StreamState.CREATING;
import static dev.sluice.ss.StreamState.DESTROYING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.POLL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamServer;
import dev.sluice.test.EchoHandler;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Raw client streams against a raw server streamtype, and a plain TCP peer against it. */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class RawStreamTest {

  /** The server on {@code PORT}, the client to {@code CLIENT_PORT} (a raw endpoint is a host and a port). */
  private static final String POLICY = """
      {"release": "t1", "product": "test", "schema-version": 1,
       "retry": [{"once": {"backoff": [50], "conceal": 0, "jitterpc": 1}}],
       "s": [{
         "echo": {"server": true, "protocol": "raw", "endpoint": "127.0.0.1", "port": PORT},
         "pipe": {"protocol": "raw", "endpoint": "127.0.0.1", "port": CLIENT_PORT, "retry": "once"}
       }]}""";

  @TempDir Path dir;
  private StreamServer server;
  private final List<EchoHandler> echoes = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeServer() throws Exception {
    if (server != null) {
      server.close().await(30, TimeUnit.SECONDS);
    }
  }

  private SecureStreams serve(Vertx vertx, String policy) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, policy);
    SecureStreams ss = SecureStreams.create(vertx);
    server = ss.serve("echo", s -> {
      EchoHandler e = new EchoHandler(s);
      echoes.add(e);
      return e;
    }).await(10, TimeUnit.SECONDS);
    return ss;
  }

  @Test
  void aRawClientStreamSendsBytesAndGetsThemEchoedByARawServerStream(Vertx vertx) throws Exception {
    int port = freePort();
    SecureStreams ss = serve(vertx, policy(port, port));
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("pipe", h).await(10, TimeUnit.SECONDS);
    h.send(Buffer.buffer(new byte[] {0, 1, 2, (byte) 0xff}), 0).send(Buffer.buffer("tail"), 0).drainInto(s);
    s.requestTx();
    await().atMost(Duration.ofSeconds(30)).until(() -> h.rxBytes().length == 8);
    assertThat(h.rxBytes()).containsExactly(0, 1, 2, 0xff, 't', 'a', 'i', 'l');
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED);
    assertThat(h.rxFlags()).as("raw streams have no message boundaries").allMatch(f -> f == 0);
    assertThat(echoes).hasSize(1);
    assertThat(echoes.get(0).states()).containsExactly(CREATING, CONNECTING, CONNECTED);
    s.destroy().await(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> echoes.get(0).states().contains(DESTROYING));
    assertThat(echoes.get(0).states()).endsWith(DISCONNECTED, DESTROYING);
    assertThat(server.streams()).isZero();
  }

  private static String policy(int serverPort, int clientPort) {
    return POLICY.replace("CLIENT_PORT", Integer.toString(clientPort)).replace("PORT", Integer.toString(serverPort));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  @Test
  void aPlainTcpPeerIsOneAcceptedStreamAndABroadcastReachesEveryPeer(Vertx vertx) throws Exception {
    serve(vertx, policy(0, 1));
    List<NetSocket> peers = new ArrayList<>();
    List<Buffer> got = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      NetSocket p = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
      Buffer b = Buffer.buffer();
      p.handler(x -> {
        synchronized (b) {
          b.appendBuffer(x);
        }
      });
      peers.add(p);
      got.add(b);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> server.streams() == 2);
    peers.get(0).write("echo me");
    await().atMost(Duration.ofSeconds(30)).until(() -> text(got.get(0)).equals("echo me"));
    server.broadcast(Buffer.buffer("|all"), 0).await(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> text(got.get(0)).equals("echo me|all")
        && text(got.get(1)).equals("|all"));
    peers.get(1).close();
    await().atMost(Duration.ofSeconds(30)).until(() -> server.streams() == 1);
    peers.get(0).close();
  }

  private static String text(Buffer b) {
    synchronized (b) {
      return b.toString();
    }
  }

  @Test
  void aRawClientStreamToAPortNobodyListensOnIsUnreachable(Vertx vertx) throws Exception {
    SecureStreams ss = serve(vertx, policy(0, freePort()));
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("pipe", h).await(10, TimeUnit.SECONDS);
    s.requestTx();
    await().atMost(Duration.ofSeconds(30)).until(() -> h.saw(dev.sluice.ss.StreamState.ALL_RETRIES_FAILED));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, dev.sluice.ss.StreamState.UNREACHABLE,
        dev.sluice.ss.StreamState.ALL_RETRIES_FAILED);
  }
}
