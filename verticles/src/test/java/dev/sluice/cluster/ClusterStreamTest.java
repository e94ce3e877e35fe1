package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.host.mqtt.MosquittoBroker;
import dev.sluice.policy.Protocol;
import dev.sluice.runtime.ClusterOptions;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.runtime.SluiceVertx;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.ss.spi.HostRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams across a cluster of JVMs: this test's JVM creates streams without hosting any; child
 * JVMs (Hazelcast TCP-IP on loopback) host them.
 */
class ClusterStreamTest {

  @TempDir Path dir;
  private final String clusterName = "sluice-test-" + UUID.randomUUID();
  /** Hazelcast port of this JVM's node, which every child joins. */
  private int clusterPort;
  private Vertx vertx;
  private HttpServer server;
  private MosquittoBroker broker;
  /** WebSocket connections open at {@link #server} now. */
  private final AtomicInteger openWebSockets = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    broker = new MosquittoBroker(Files.createDirectories(dir.resolve("mosquitto"))).start();
    clusterPort = ClusterNode.freePort();
    vertx = SluiceVertx.create(new ClusterOptions(ClusterNode.loopbackCluster(clusterName, clusterPort, clusterPort)))
        .await(60, TimeUnit.SECONDS).vertx();
    server = vertx.createHttpServer().requestHandler(r -> r.response().end("served for " + r.path()))
        .webSocketHandler(ws -> {
          openWebSockets.incrementAndGet();
          ws.closeHandler(v -> openWebSockets.decrementAndGet());
          ws.handler(ws::write);
        });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Path p = dir.resolve("client-policy.json");
    Files.writeString(p, policy());
    vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(p.toString()).setWatch(false)))
        .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    broker.close();
  }

  /** The cluster section of a child node: a port of its own, joining this JVM's node. */
  private JsonObject childCluster() throws Exception {
    return ClusterNode.loopbackCluster(clusterName, ClusterNode.freePort(), clusterPort);
  }

  private String policy() {
    return """
        {"retry": [{"quick": {"backoff": [100, 200, 400], "conceal": 50, "jitterpc": 1}}],
         "s": [{
           "get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/remote", "retry": "quick"},
           "echo": {"protocol": "ws", "endpoint": "ws://127.0.0.1:%1$d/e", "retry": "quick"},
           "pub": {"endpoint": "127.0.0.1", "port": %2$d, "protocol": "mqtt", "mqtt_topic": "nums", "mqtt_qos": 1,
                   "mqtt_keep_alive": 30, "nailed_up": true, "retry": "quick"}
         }]}""".formatted(server.actualPort(), broker.port());
  }

  private ClusterNode node(String name) throws Exception {
    JsonObject runtime = new JsonObject()
        .put("cluster", childCluster())
        .put("policy", new JsonObject().put("file", "policy.json").put("watch", false))
        .put("hosts", new JsonObject());
    return ClusterNode.start(dir.resolve(name), runtime, policy());
  }

  @Test
  void aStreamCreatedOnANodeWithoutHostsIsHostedByAnotherNode() throws Exception {
    try (ClusterNode hostNode = node("b")) {
      assertThat(HostRegistry.of(vertx).host(Protocol.H1)).as("this JVM hosts nothing").isEmpty();
      SecureStreams ss = SecureStreams.create(vertx);
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> ss.fetch("get", Map.of()).await(10, TimeUnit.SECONDS).toString().equals("served for /remote"));
      assertThat(ss.fetch("get", Map.of()).await(10, TimeUnit.SECONDS).toString()).isEqualTo("served for /remote");
    }
  }

  @Test
  void aHostThatLosesItsClientNodeFreesTheStreamAndItsConnection() throws Exception {
    // this JVM hosts; a child JVM without hosts makes a ws stream here, then dies
    vertx.deployVerticle(new StreamHostsVerticle(new JsonObject())).await(10, TimeUnit.SECONDS);
    JsonObject runtime = new JsonObject()
        .put("cluster", childCluster())
        .put("policy", new JsonObject().put("file", "policy.json").put("watch", false))
        .put("hosts", new JsonObject().put("enabled", false))
        .put("testStream", "echo");
    try (ClusterNode client = ClusterNode.start(dir.resolve("client"), runtime, policy())) {
      await("the client node's stream connected").atMost(Duration.ofSeconds(30))
          .until(() -> client.printed("STATE CONNECTED"));
      assertThat(openWebSockets.get()).as("the host's connection for it").isEqualTo(1);
      client.kill();
      assertThat(client.isAlive()).isFalse();
      // the host hears nothing from the client for Frames.LOST_AFTER_MS, destroys the stream and
      // closes its connection
      await("the host freed the connection").atMost(Duration.ofSeconds(20)).until(() -> openWebSockets.get() == 0);
    }
  }

  @Test
  void aHostKilledDuringCreateFailsThatCreateAndTheNextOneFindsASurvivingHost() throws Exception {
    SecureStreams ss = SecureStreams.create(vertx);
    try (ClusterNode dying = node("b")) {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> ss.fetch("get", Map.of()).await(10, TimeUnit.SECONDS).toString().equals("served for /remote"));
      // the only host stops answering, takes the Create, and dies without answering it
      dying.freeze();
      Future<SecureStream> created = ss.create("get", new StreamHandler() { });
      dying.kill();
      assertThatThrownBy(() -> created.await(20, TimeUnit.SECONDS))
          .as("the create the dead host never answered fails instead of hanging")
          .isInstanceOf(IllegalStateException.class);
      try (ClusterNode survivor = node("c")) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> ss.fetch("get", Map.of()).await(10, TimeUnit.SECONDS).toString().equals("served for /remote"));
      }
    }
  }

  @Test
  void withNoHostingNodeCreateFailsSayingSo() {
    SecureStreams ss = SecureStreams.create(vertx);
    assertThatThrownBy(() -> ss.create("get", new StreamHandler() { }).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("no node of the cluster hosts h1 streams");
  }

  @Test
  void killingTheNodeThatHostsAnMqttStreamLosesNoneOfOneThousandMessages() throws Exception {
    Path out = dir.resolve("sub.txt");
    Process sub = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p",
        Integer.toString(broker.port()), "-t", "nums", "-q", "1", "-c", "-i", "counter", "-d")
        .redirectOutput(out.toFile()).redirectErrorStream(true).start();
    try (ClusterNode first = node("b")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).contains("SUBACK"));
      SecureStreams ss = SecureStreams.create(vertx);
      int total = 1000;
      int killAt = 500;
      AtomicInteger next = new AtomicInteger();
      AtomicInteger acks = new AtomicInteger();
      AtomicBoolean paused = new AtomicBoolean();
      AtomicInteger ackedWhenKilled = new AtomicInteger(-1);
      List<StreamState> statesAfterKill = new java.util.concurrent.CopyOnWriteArrayList<>();
      SecureStream[] stream = new SecureStream[1];
      StreamHandler numbered = new StreamHandler() {
        @Override
        public TxResult tx(TxRequest request) {
          if (paused.get() || next.get() >= total) {
            return TxResult.dontSend();
          }
          int n = next.getAndIncrement();
          if (n + 1 == killAt) {
            // The hosting node dies right after this message is handed over, messages still in flight.
            paused.set(true);
            ackedWhenKilled.set(acks.get());
            first.killNow();
          } else if (n + 1 < total) {
            stream[0].requestTx();
          }
          return TxResult.send(Buffer.buffer(Integer.toString(n)), StreamFlags.SOM | StreamFlags.EOM);
        }

        @Override
        public CallbackResult state(StreamState state, long ack) {
          if (state == StreamState.QOS_ACK_REMOTE) {
            acks.incrementAndGet();
          } else if (ackedWhenKilled.get() >= 0) {
            statesAfterKill.add(state);
          }
          return CallbackResult.OK;
        }
      };
      stream[0] = ss.create("pub", numbered).await(20, TimeUnit.SECONDS);
      stream[0].requestTx();
      await().atMost(Duration.ofSeconds(30)).until(paused::get);
      first.kill();
      assertThat(first.isAlive()).as("the hosting JVM is dead").isFalse();
      // the stream notices that its host is gone before anything else is sent
      await().atMost(Duration.ofSeconds(30)).until(() -> statesAfterKill.contains(StreamState.DISCONNECTED));
      assertThat(numbersIn(out)).as("numbers the subscriber had when the host died").doesNotContain(killAt);
      try (ClusterNode second = node("c")) {
        paused.set(false);
        stream[0].requestTx();
        await().atMost(Duration.ofSeconds(90)).until(() -> numbersIn(out).size() == total);
        Set<Integer> all = new TreeSet<>();
        for (int i = 0; i < total; i++) {
          all.add(i);
        }
        assertThat(numbersIn(out)).as("every number, at least once").isEqualTo(all);
        assertThat(ackedWhenKilled.get()).as("messages were in flight when the node died").isLessThan(killAt);
        assertThat(statesAfterKill).as("states after the kill").containsSubsequence(StreamState.DISCONNECTED,
            StreamState.CONNECTED);
        // the subscriber can see the last number before its publisher has the PUBACK
        await("every message acknowledged").atMost(Duration.ofSeconds(30)).until(() -> acks.get() >= total);
      }
    } finally {
      sub.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static Set<Integer> numbersIn(Path out) throws Exception {
    Set<Integer> s = new TreeSet<>();
    for (String l : Files.readAllLines(out)) {
      if (l.matches("[0-9]+")) {
        s.add(Integer.parseInt(l));
      }
    }
    return s;
  }
}
