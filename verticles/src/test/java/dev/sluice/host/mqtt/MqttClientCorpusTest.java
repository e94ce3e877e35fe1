package dev.sluice.host.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamState;
import dev.sluice.test.Corpus;
import dev.sluice.test.PacketDsl;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays Mosquitto's MQTT 3.1 / 3.1.1 client-side packet cases against our client stream host: a
 * scripted broker sends each case's bytes. Where the case expects a disconnect, our client must
 * close the connection, the stream must report it, and the retry policy must reconnect; otherwise
 * the connection must stay up (our client's next PINGREQ is answered). No exception may escape to
 * the event loop in any case.
 */
class MqttClientCorpusTest {

  @TempDir static Path dir;
  private static Vertx vertx;
  private static ScriptedBroker broker;
  private static SecureStreams ss;
  private static final List<Throwable> escaped = new CopyOnWriteArrayList<>();

  record Case(String file, String group, int ver, JsonObject test, boolean connack) {
    @Override
    public String toString() {
      return file + " / " + group + " / " + test.getString("name");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.exceptionHandler(escaped::add);
    broker = new ScriptedBroker(vertx);
    SluiceTestRuntime.deploy(vertx, dir, """
        {"retry": [{"quick": {"backoff": [30], "conceal": 65535, "jitterpc": 1}}],
         "s": [{"probe": {"endpoint": "127.0.0.1", "port": %d, "protocol": "mqtt", "mqtt_keep_alive": 1,
                          "mqtt_clean_start": true, "nailed_up": true, "retry": "quick"}}]}"""
        .formatted(broker.port()));
    ss = SecureStreams.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Polls often: 300 cases each wait for a close, and the default 100 ms poll would dominate the run. */
  private static org.awaitility.core.ConditionFactory quickly() {
    return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
  }

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Corpus.dir("mosquitto-packets/client"))) {
      for (Path f : files.sorted().toList()) {
        JsonArray groups = new JsonArray(Files.readString(f));
        for (Object g : groups) {
          JsonObject group = (JsonObject) g;
          int ver = group.getInteger("ver", 4);
          if (ver != 3 && ver != 4) {
            continue;
          }
          for (Object t : group.getJsonArray("tests")) {
            JsonObject test = (JsonObject) t;
            boolean connack = test.getBoolean("connack", group.getBoolean("connack", true));
            out.add(Arguments.of(new Case(f.getFileName().toString(), group.getString("group"), ver, test, connack)));
          }
        }
      }
    }
    assertThat(out).as("MQTT 3.1/3.1.1 client cases in the corpus").hasSizeGreaterThanOrEqualTo(300);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theClientHandlesTheCaseAsMosquittoExpects(Case c) throws Exception {
    broker.drain();
    escaped.clear();
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("probe", h).await(5, TimeUnit.SECONDS);
    try {
      ScriptedBroker.Conn conn = broker.accept(5000);
      assertThat(conn).as("the client connects").isNotNull();
      byte[] connect = conn.next(5000);
      assertThat(connect).as("CONNECT").isNotNull();
      assertThat(connect[0] & 0xff).isEqualTo(0x10);
      if (c.connack()) {
        conn.send(new byte[] {0x20, 2, 0, 0});
      }
      for (Object o : c.test().getJsonArray("msgs")) {
        JsonObject m = (JsonObject) o;
        byte[] bytes = PacketDsl.bytes(m.getString("payload"));
        if (m.getString("type").equals("recv")) {
          conn.expect(bytes, 3000);
        } else {
          conn.send(bytes);
        }
      }
      if (c.test().getBoolean("expect_disconnect", true)) {
        quickly().until(() -> conn.closed);
        quickly().until(() -> h.saw(StreamState.DISCONNECTED) || h.saw(StreamState.UNREACHABLE));
        assertThat(broker.accept(5000)).as("the retry policy reconnects").isNotNull();
      } else {
        assertThat(conn.expect(new byte[] {(byte) 0xc0, 0}, 4000)).as("keep-alive PINGREQ").isTrue();
        assertThat(conn.closed).as("the connection stays up").isFalse();
        conn.send(new byte[] {(byte) 0xd0, 0});
      }
      assertThat(escaped).as("exceptions that reached the event loop").isEmpty();
    } finally {
      s.destroy().await(5, TimeUnit.SECONDS);
    }
  }
}
