package dev.sluice.host.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.ss.CallbackResult;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Our MQTT client streams against Debian's Mosquitto broker and its command-line clients. */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class MqttMosquittoTest {

  @TempDir Path dir;
  private MosquittoBroker broker;
  private Process sub;

  @BeforeEach
  void start() throws Exception {
    broker = new MosquittoBroker(dir).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (sub != null) {
      sub.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    broker.close();
  }

  private SecureStreams deploy(Vertx vertx) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, """
        {"retry": [{"quick": {"backoff": [50, 100, 200], "conceal": 65535, "jitterpc": 1}}],
         "s": [{
           "pub0": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_topic": "t/${n}",
                    "metadata": [{"n": ""}], "mqtt_qos": 0, "mqtt_keep_alive": 30, "retry": "quick"},
           "pub1": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_topic": "t/one",
                    "mqtt_qos": 1, "mqtt_keep_alive": 30, "nailed_up": true, "retry": "quick"},
           "sub1": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_subscribe": "in/#",
                    "mqtt_qos": 1, "mqtt_keep_alive": 30, "nailed_up": true, "retry": "quick"}
         }]}""".formatted(broker.port()));
    return SecureStreams.create(vertx);
  }

  /** mosquitto_sub (line-buffered by stdbuf) writing one line per message to a file; returns once subscribed. */
  private Path subscribe(String topic, String clientId) throws Exception {
    Path out = dir.resolve("sub-" + clientId + ".txt");
    sub = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
        "-t", topic, "-q", "1", "-c", "-i", clientId, "-d")
        .redirectOutput(out.toFile()).redirectErrorStream(true).start();
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out) && Files.readString(out).contains("SUBACK"));
    return out;
  }

  private static List<String> payloadLines(Path out) throws IOException {
    // -d adds debug lines ("Client ... received PUBLISH"); payload lines are the others
    return Files.readAllLines(out).stream().filter(l -> !l.startsWith("Client ") && !l.startsWith("Subscribed")).toList();
  }

  @Test
  void qosOneMessagesArriveAndEachPubackGivesQosAckRemote(Vertx vertx) throws Exception {
    SecureStreams ss = deploy(vertx);
    Path out = subscribe("t/one", "sub-a");
    RecordingHandler h = new RecordingHandler();
    for (int i = 0; i < 20; i++) {
      h.send("m" + i);
    }
    SecureStream s = ss.create("pub1", h).await(5, TimeUnit.SECONDS);
    h.drainInto(s);
    s.requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.states().stream().filter(x -> x == StreamState.QOS_ACK_REMOTE).count() == 20);
    await().atMost(Duration.ofSeconds(10)).until(() -> payloadLines(out).size() == 20);
    assertThat(payloadLines(out)).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void qosZeroPublishesGoToTheExpandedTopic(Vertx vertx) throws Exception {
    SecureStreams ss = deploy(vertx);
    Path out = subscribe("t/#", "sub-b");
    RecordingHandler h = new RecordingHandler().send("zero");
    SecureStream s = ss.create("pub0", Map.of("n", "seven"), h).await(5, TimeUnit.SECONDS);
    s.requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> payloadLines(out).size() == 1);
    assertThat(Files.readString(out)).contains("t/seven").contains("zero");
  }

  @Test
  void messagesFromMosquittoPubReachTheSubscribedStream(Vertx vertx) throws Exception {
    SecureStreams ss = deploy(vertx);
    RecordingHandler h = new RecordingHandler();
    ss.create("sub1", h).await(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(StreamState.CONNECTED));
    Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
        "-t", "in/x", "-q", "1", "-m", "hello-from-mosquitto", "--repeat", "25").redirectErrorStream(true).start();
    assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(pub.exitValue()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.rxFlags().size() == 25);
    assertThat(h.rxText()).isEqualTo("hello-from-mosquitto".repeat(25));
    assertThat(h.rxFlags()).allMatch(f -> f == (StreamFlags.SOM | StreamFlags.EOM));
  }

  @Test
  void aBrokerThatDiesMidFlowLosesNoneOfOneThousandQosOneMessages(Vertx vertx) throws Exception {
    SecureStreams ss = deploy(vertx);
    Path out = subscribe("t/one", "sub-c");
    int total = 1000;
    int killAt = 500;
    AtomicInteger next = new AtomicInteger();
    AtomicInteger acks = new AtomicInteger();
    AtomicInteger ackedWhenKilled = new AtomicInteger(-1);
    java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
    SecureStream[] stream = new SecureStream[1];
    StreamHandler numbered = new StreamHandler() {
      @Override
      public TxResult tx(TxRequest request) {
        if (paused.get() || next.get() >= total) {
          return TxResult.dontSend();
        }
        int n = next.getAndIncrement();
        if (n + 1 == killAt) {
          // The broker dies right after this message is handed over, with messages still unacknowledged.
          paused.set(true);
          ackedWhenKilled.set(acks.get());
          broker.kill();
        } else if (n + 1 < total) {
          stream[0].requestTx();
        }
        return TxResult.send(Buffer.buffer(Integer.toString(n)), StreamFlags.SOM | StreamFlags.EOM);
      }

      @Override
      public CallbackResult state(StreamState state, long ack) {
        if (state == StreamState.QOS_ACK_REMOTE) {
          acks.incrementAndGet();
        }
        return CallbackResult.OK;
      }
    };
    stream[0] = ss.create("pub1", numbered).await(5, TimeUnit.SECONDS);
    stream[0].requestTx();
    await().atMost(Duration.ofSeconds(20)).until(paused::get);
    broker.waitForExit();
    broker.start(); // back on the same port with the sessions it saved when it was stopped
    paused.set(false);
    stream[0].requestTx();
    await().atMost(Duration.ofSeconds(60)).until(() -> acks.get() >= total);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> numbersIn(out).size() == total);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Set<Integer> missing = new TreeSet<>();
      for (int i = 0; i < total; i++) {
        missing.add(i);
      }
      missing.removeAll(numbersIn(out));
      throw new AssertionError("the subscriber misses " + missing.size() + " messages " + missing
          + "; its log ends: " + Files.readAllLines(out).stream().filter(l -> l.startsWith("Client")).toList()
              .subList(Math.max(0, (int) Files.readAllLines(out).stream().filter(l -> l.startsWith("Client")).count() - 15),
                  (int) Files.readAllLines(out).stream().filter(l -> l.startsWith("Client")).count()), e);
    }
    assertThat(ackedWhenKilled.get()).as("messages were unacknowledged when the broker died").isLessThan(killAt);
    assertThat(numbersIn(out)).hasSize(total).contains(0, total - 1);
  }

  private static Set<Integer> numbersIn(Path out) throws IOException {
    Set<Integer> s = new TreeSet<>();
    for (String l : payloadLines(out)) {
      if (l.matches("[0-9]+")) {
        s.add(Integer.parseInt(l));
      }
    }
    return s;
  }
}
