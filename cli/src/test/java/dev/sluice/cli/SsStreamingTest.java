package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.broker.MqttBrokerOptions;
import dev.sluice.broker.MqttBrokerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `sluice ss` with message protocols: MQTT through the embedded broker (Mosquitto's own clients on
 * the other side) and WebSocket, ending after --count messages or at the publish's acknowledgement.
 */
class SsStreamingTest {

  private static final String MOSQUITTO_PUB = "/usr/bin/mosquitto_pub";
  private static final String MOSQUITTO_SUB = "/usr/bin/mosquitto_sub";

  @TempDir Path dir;
  private Vertx vertx;
  private MqttBrokerVerticle broker;
  private Path policy;

  @BeforeEach
  void start() throws Exception {
    if (!Files.isExecutable(Path.of(MOSQUITTO_PUB))) {
      throw new IllegalStateException(MOSQUITTO_PUB + " is missing: install the Debian package mosquitto-clients");
    }
    vertx = Vertx.vertx();
    broker = new MqttBrokerVerticle(new MqttBrokerOptions().setPort(0));
    vertx.deployVerticle(broker).await(10, TimeUnit.SECONDS);
    HttpServer ws = vertx.createHttpServer().webSocketHandler(sock -> {
      sock.writeTextMessage("one");
      sock.writeTextMessage("two");
      sock.writeTextMessage("three");
    });
    ws.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    policy = dir.resolve("policy.json");
    Files.writeString(policy, """
        {"retry": [{"quick": {"backoff": [50], "conceal": 3, "jitterpc": 1}}],
         "s": [{
           "sub": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_subscribe": "demo/#",
                   "mqtt_qos": 1, "mqtt_keep_alive": 30, "retry": "quick"},
           "pub1": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_topic": "demo/one",
                    "mqtt_qos": 1, "mqtt_keep_alive": 30, "retry": "quick"},
           "pub0": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_topic": "demo/zero",
                    "mqtt_qos": 0, "mqtt_keep_alive": 30, "retry": "quick"},
           "words": {"endpoint": "127.0.0.1", "port": %2$d, "protocol": "ws", "http_url": "/", "retry": "quick"}
         }]}""".formatted(broker.actualPort(), ws.actualPort()));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private record Result(int code, String out, String err) {}

  private Result ss(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(captured, true));
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));
      String[] full = new String[args.length + 5];
      full[0] = "ss";
      full[1] = "--policy";
      full[2] = policy.toString();
      full[3] = "--timeout";
      full[4] = "20";
      System.arraycopy(args, 0, full, 5, args.length);
      return new Result(cli.execute(full), captured.toString(), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  private long subscriptions() throws Exception {
    return broker.stats().await(5, TimeUnit.SECONDS).getLong("subscriptions");
  }

  private Process mosquitto(String... args) throws Exception {
    return new ProcessBuilder(args).redirectErrorStream(true).start();
  }

  @Test
  void aSubscribeStreamEndsAfterCountMessages() throws Exception {
    CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> ss("--count", "3", "sub"));
    await().atMost(Duration.ofSeconds(15)).until(() -> subscriptions() == 1);
    AtomicInteger n = new AtomicInteger();
    long timer = vertx.setPeriodic(100, id -> vertx.executeBlocking(() -> mosquitto(MOSQUITTO_PUB, "-p",
        Integer.toString(broker.actualPort()), "-q", "1", "-t", "demo/n", "-m", "<" + n.incrementAndGet() + ">")
        .waitFor(5, TimeUnit.SECONDS)));
    Result r = run.get(30, TimeUnit.SECONDS);
    vertx.cancelTimer(timer);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("<1><2><3>");
  }

  @Test
  void aQos1PublishEndsAtItsPubackAndAQos0OneOnceWritten() throws Exception {
    Process sub = mosquitto(MOSQUITTO_SUB, "-p", Integer.toString(broker.actualPort()), "-t", "demo/#", "-q", "1",
        "-C", "2", "-v");
    await().atMost(Duration.ofSeconds(15)).until(() -> subscriptions() == 1);
    Path one = dir.resolve("one.txt");
    Files.writeString(one, "acknowledged");
    Result r1 = ss("-v", "--data", one.toString(), "pub1");
    assertThat(r1.code()).as(r1.err()).isZero();
    assertThat(r1.err()).contains("QOS_ACK_REMOTE");
    Path zero = dir.resolve("zero.txt");
    Files.writeString(zero, "fire and forget");
    Result r0 = ss("-v", "--data", zero.toString(), "pub0");
    assertThat(r0.code()).as(r0.err()).isZero();
    assertThat(r0.err()).doesNotContain("QOS_ACK_REMOTE");
    assertThat(sub.waitFor(15, TimeUnit.SECONDS)).as("mosquitto_sub got both").isTrue();
    assertThat(new String(sub.getInputStream().readAllBytes()))
        .isEqualTo("demo/one acknowledged\ndemo/zero fire and forget\n");
  }

  @Test
  void aWebSocketStreamEndsAfterCountMessages() {
    Result r = ss("--count", "2", "words");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("onetwo");
  }
}
