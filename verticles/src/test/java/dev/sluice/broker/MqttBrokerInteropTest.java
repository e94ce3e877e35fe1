package dev.sluice.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamState;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker with other MQTT implementations: Mosquitto's own clients (Debian
 * {@code mosquitto-clients}), messages counted exactly, and Sluice's client streams.
 */
class MqttBrokerInteropTest {

  @TempDir Path dir;
  private Vertx vertx;
  private MqttBrokerVerticle broker;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/mosquitto_sub"))) {
      throw new IllegalStateException("mosquitto_sub is missing: install the Debian package mosquitto-clients");
    }
    vertx = Vertx.vertx();
    broker = new MqttBrokerVerticle(new MqttBrokerOptions().setPort(0));
    vertx.deployVerticle(broker).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private String port() {
    return Integer.toString(broker.actualPort());
  }

  private Process start(Path output, String... cmd) throws Exception {
    List<String> full = new ArrayList<>(List.of("/usr/bin/stdbuf", "-oL"));
    full.addAll(List.of(cmd));
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    if (output != null) {
      pb.redirectOutput(output.toFile());
    }
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private long subscriptions() throws Exception {
    return broker.stats().await(5, TimeUnit.SECONDS).getLong("subscriptions");
  }

  @Test
  void mosquittoPubAndSubExchangeEveryMessageExactlyOnce() throws Exception {
    Path out = dir.resolve("sub.txt");
    Process sub = start(out, "mosquitto_sub", "-p", port(), "-t", "count/#", "-q", "1", "-v", "-C", "2000");
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriptions() == 1);

    Path lines = dir.resolve("lines.txt");
    Files.write(lines, IntStream.range(0, 1000).mapToObj(i -> "zero-" + i).toList());
    Process qos0 = new ProcessBuilder("mosquitto_pub", "-p", port(), "-t", "count/zero", "-q", "0", "-l")
        .redirectInput(lines.toFile()).redirectErrorStream(true).start();
    processes.add(qos0);
    assertThat(qos0.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // QoS 1 with --repeat: mosquitto_pub 2.0.11's -l drops QoS 1 messages still queued at end of input.
    Process qos1 = start(null, "mosquitto_pub", "-p", port(), "-t", "count/one", "-q", "1", "-m", "one",
        "--repeat", "1000");
    assertThat(qos1.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(qos1.exitValue()).isZero();

    assertThat(sub.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_sub received its 2000 messages").isTrue();
    List<String> got = Files.readAllLines(out, StandardCharsets.UTF_8);
    List<String> expected = new ArrayList<>(IntStream.range(0, 1000).mapToObj(i -> "count/zero zero-" + i).toList());
    expected.addAll(Collections.nCopies(1000, "count/one one"));
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(got.stream().filter(l -> l.startsWith("count/zero")).toList())
        .as("QoS 0 messages from one publisher arrive in order").containsExactlyElementsOf(expected.subList(0, 1000));
  }

  @Test
  void retainedMessagesReachLaterSubscribersUntilCleared() throws Exception {
    Process pub = start(null, "mosquitto_pub", "-p", port(), "-t", "ret/a", "-q", "1", "-r", "-m", "kept");
    assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Path first = dir.resolve("first.txt");
    Process sub = start(first, "mosquitto_sub", "-p", port(), "-t", "ret/#", "-v", "-C", "1");
    assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(first)).isEqualTo("ret/a kept\n");

    Process clear = start(null, "mosquitto_pub", "-p", port(), "-t", "ret/a", "-q", "1", "-r", "-n");
    assertThat(clear.waitFor(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.stats().await(5, TimeUnit.SECONDS).getInteger("retained") == 0);
  }

  @Test
  void aKilledMosquittoSubLeavesItsWill() throws Exception {
    Path wills = dir.resolve("wills.txt");
    Process watcher = start(wills, "mosquitto_sub", "-p", port(), "-t", "wills/#", "-v", "-C", "1");
    Process doomed = start(null, "mosquitto_sub", "-p", port(), "-i", "doomed", "-t", "anything",
        "--will-topic", "wills/doomed", "--will-payload", "bye", "--will-qos", "1");
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriptions() == 2);
    doomed.destroyForcibly(); // SIGKILL: no DISCONNECT
    assertThat(watcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(wills)).isEqualTo("wills/doomed bye\n");
  }

  @Test
  void sluiceClientStreamsPublishAndSubscribeThroughTheEmbeddedBroker() throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, """
        {"retry": [{"quick": {"backoff": [50, 100], "conceal": 65535, "jitterpc": 1}}],
         "s": [{
           "pub": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_topic": "sensors/${room}",
                   "metadata": [{"room": ""}], "mqtt_qos": 1, "mqtt_keep_alive": 30, "retry": "quick"},
           "sub": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_subscribe": "sensors/+",
                   "mqtt_qos": 1, "mqtt_keep_alive": 30, "nailed_up": true, "retry": "quick"}
         }]}""".formatted(broker.actualPort()));
    SecureStreams ss = SecureStreams.create(vertx);
    RecordingHandler received = new RecordingHandler();
    ss.create("sub", received).await(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriptions() == 1);
    RecordingHandler sent = new RecordingHandler();
    for (int i = 0; i < 50; i++) {
      sent.send("r" + i + ";");
    }
    SecureStream pub = ss.create("pub", java.util.Map.of("room", "kitchen"), sent).await(5, TimeUnit.SECONDS);
    sent.drainInto(pub);
    pub.requestTx();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> sent.states().stream().filter(s -> s == StreamState.QOS_ACK_REMOTE).count() == 50);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.rxText().chars().filter(c -> c == ';').count() == 50);
    assertThat(received.rxText()).isEqualTo(String.join("", IntStream.range(0, 50).mapToObj(i -> "r" + i + ";").toList()));
  }
}
