package dev.sluice.host.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamState;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.PacketDsl;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** MQTT client stream behaviour against a scripted broker: the cases Mosquitto's corpus does not cover. */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class MqttClientBehaviourTest {

  private static final byte[] CONNACK_OK = {0x20, 2, 0, 0};

  @TempDir Path dir;
  private ScriptedBroker broker;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    broker = new ScriptedBroker(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
  }

  private SecureStreams deploy(JsonObject hostOptions) throws Exception {
    String policy = """
        {"retry": [{"quick": {"backoff": [30, 60], "conceal": 65535, "jitterpc": 1}}],
         "s": [{
           "pub": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_topic": "a/${t}",
                   "metadata": [{"t": ""}], "mqtt_qos": 1, "mqtt_keep_alive": 1, "retry": "quick",
                   "mqtt_will_topic": "dev/will", "mqtt_will_message": "gone", "mqtt_will_qos": 1,
                   "mqtt_birth_topic": "dev/birth", "mqtt_birth_message": "here"},
           "sub": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_subscribe": "b/+",
                   "mqtt_qos": 1, "mqtt_keep_alive": 1, "nailed_up": true, "retry": "quick"}
         }]}""".formatted(broker.port());
    java.nio.file.Files.writeString(dir.resolve("policy.json"), policy);
    vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(dir.resolve("policy.json").toString())
        .setWatch(false))).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new StreamHostsVerticle(new JsonObject().put("mqtt", hostOptions)))
        .await(10, TimeUnit.SECONDS);
    return SecureStreams.create(vertx);
  }

  private SecureStreams deploy() throws Exception {
    return deploy(new JsonObject());
  }

  @Test
  void aRefusedConnectIsAuthFailedAndIsRetried() throws Exception {
    SecureStreams ss = deploy();
    RecordingHandler h = new RecordingHandler();
    ss.create("sub", h).await(5, TimeUnit.SECONDS);
    ScriptedBroker.Conn c = broker.accept(5000);
    c.next(5000);
    c.send(new byte[] {0x20, 2, 0, 5}); // not authorized
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(StreamState.AUTH_FAILED));
    assertThat(broker.accept(5000)).as("the retry policy tries again").isNotNull();
    assertThat(h.states()).startsWith(StreamState.CREATING, StreamState.CONNECTING, StreamState.AUTH_FAILED,
        StreamState.CONNECTING);
  }

  @Test
  void theConnectCarriesWillCredentialsAndKeepAliveAndTheBirthFollowsTheConnack() throws Exception {
    SecureStreams ss = deploy(new JsonObject().put("clientId", "dev-1").put("username", "alice")
        .put("passwordEnv", "SLUICE_TEST_NO_SUCH_VAR"));
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("pub", java.util.Map.of("t", "x"), h).await(5, TimeUnit.SECONDS);
    s.connect();
    ScriptedBroker.Conn c = broker.accept(5000);
    byte[] connect = c.next(5000);
    String text = new String(connect, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("MQTT").contains("dev-1").contains("dev/will").contains("gone").contains("alice");
    int flags = connect[9] & 0xff; // after fixed header (2) + "MQTT" string (6) + level (1)
    assertThat(flags & 0x80).as("user name flag").isNotZero();
    assertThat(flags & 0x04).as("will flag").isNotZero();
    assertThat((flags >> 3) & 3).as("will QoS").isEqualTo(1);
    assertThat(((connect[10] & 0xff) << 8) | (connect[11] & 0xff)).as("keep-alive").isEqualTo(1);
    c.send(CONNACK_OK);
    byte[] birth = c.next(5000);
    assertThat(new String(birth, StandardCharsets.ISO_8859_1)).contains("dev/birth").contains("here");
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(StreamState.CONNECTED));
  }

  @Test
  void aWildcardPublishTopicIsRefusedBeforeAnythingIsSent() throws Exception {
    SecureStreams ss = deploy();
    RecordingHandler h = new RecordingHandler().send("never");
    SecureStream s = ss.create("pub", java.util.Map.of("t", "+/oops"), h).await(5, TimeUnit.SECONDS);
    s.requestTx();
    ScriptedBroker.Conn c = broker.accept(5000);
    c.next(5000);
    c.send(CONNACK_OK);
    c.next(5000); // birth
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(StreamState.QOS_NACK_LOCAL));
    assertThat(c.next(300)).as("no PUBLISH reaches the broker").isNull();
  }

  @Test
  void streamsToOneBrokerShareOneConnection() throws Exception {
    SecureStreams ss = deploy();
    RecordingHandler a = new RecordingHandler();
    RecordingHandler b = new RecordingHandler();
    ss.create("sub", a).await(5, TimeUnit.SECONDS);
    ScriptedBroker.Conn c = broker.accept(5000);
    c.next(5000);
    c.send(CONNACK_OK);
    byte[] subscribe = c.next(5000);
    assertThat(subscribe[0] & 0xff).isEqualTo(0x82);
    c.send(new byte[] {(byte) 0x90, 3, subscribe[2], subscribe[3], 1});
    await().atMost(Duration.ofSeconds(5)).until(() -> a.saw(StreamState.CONNECTED));
    SecureStream second = ss.create("pub", java.util.Map.of("t", "y"), b).await(5, TimeUnit.SECONDS);
    second.connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> b.saw(StreamState.CONNECTED));
    assertThat(broker.accept(300)).as("no second connection").isNull();
    c.send(PacketDsl.bytes("30 r10 s3 'b/z' 'hello'"));
    await().atMost(Duration.ofSeconds(5)).until(() -> a.rxText().equals("hello"));
    assertThat(b.rxText()).as("the publisher has no subscription").isEmpty();
  }

  @Test
  void afterADropSubscriptionsAreRestoredAndUnacknowledgedMessagesResentWithDup() throws Exception {
    SecureStreams ss = deploy();
    RecordingHandler sub = new RecordingHandler();
    ss.create("sub", sub).await(5, TimeUnit.SECONDS);
    ScriptedBroker.Conn c1 = broker.accept(5000);
    c1.next(5000);
    c1.send(CONNACK_OK);
    byte[] s1 = c1.next(5000);
    c1.send(new byte[] {(byte) 0x90, 3, s1[2], s1[3], 1});
    RecordingHandler pub = new RecordingHandler().send("keep-me");
    SecureStream p = ss.create("pub", java.util.Map.of("t", "q"), pub).await(5, TimeUnit.SECONDS);
    p.requestTx();
    byte[] publish;
    do {
      publish = c1.next(5000);
    } while (publish != null && (publish[0] & 0xf0) != 0x30);
    assertThat(publish).isNotNull();
    assertThat(publish[0] & 0x08).as("first send is not a duplicate").isZero();
    c1.socket.close(); // the broker goes away before the PUBACK
    ScriptedBroker.Conn c2 = broker.accept(5000);
    c2.next(5000);
    c2.send(CONNACK_OK);
    boolean sawSubscribe = false;
    byte[] resent = null;
    for (int i = 0; i < 6 && (resent == null || !sawSubscribe); i++) {
      byte[] next = c2.next(5000);
      if (next == null) {
        break;
      }
      if ((next[0] & 0xf0) == 0x80) {
        sawSubscribe = true;
        c2.send(new byte[] {(byte) 0x90, 3, next[2], next[3], 1});
      } else if ((next[0] & 0xf0) == 0x30 && new String(next, StandardCharsets.ISO_8859_1).contains("keep-me")) {
        resent = next;
      }
    }
    assertThat(sawSubscribe).as("the subscription is restored").isTrue();
    assertThat(resent).as("the unacknowledged message is resent").isNotNull();
    assertThat(resent[0] & 0x08).as("with DUP").isNotZero();
    int idAt = 2 + 2 + "a/q".length();
    c2.send(new byte[] {0x40, 2, resent[idAt], resent[idAt + 1]});
    await().atMost(Duration.ofSeconds(5)).until(() -> pub.saw(StreamState.QOS_ACK_REMOTE));
  }

  @Test
  void aBrokerThatStopsAnsweringIsDroppedAfterOneAndAHalfKeepAlives() throws Exception {
    SecureStreams ss = deploy();
    RecordingHandler h = new RecordingHandler();
    ss.create("sub", h).await(5, TimeUnit.SECONDS);
    ScriptedBroker.Conn c = broker.accept(5000);
    c.next(5000);
    c.send(CONNACK_OK);
    byte[] s = c.next(5000);
    c.send(new byte[] {(byte) 0x90, 3, s[2], s[3], 1});
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(StreamState.CONNECTED));
    // PINGREQs go unanswered: the client must give up at 1.5 x the 1 s keep-alive
    await().atMost(Duration.ofSeconds(5)).until(() -> c.closed);
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(StreamState.DISCONNECTED));
    assertThat(broker.accept(5000)).as("and reconnect").isNotNull();
  }

  @Test
  void credentialsNeverReachTheLog() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      Path pw = dir.resolve("pw");
      java.nio.file.Files.writeString(pw, "s3cr3t-pa55\n");
      SecureStreams ss = deploy(new JsonObject().put("username", "bob-the-user").put("passwordFile", pw.toString()));
      RecordingHandler h = new RecordingHandler();
      ss.create("sub", h).await(5, TimeUnit.SECONDS);
      ScriptedBroker.Conn c = broker.accept(5000);
      byte[] connect = c.next(5000);
      assertThat(HexFormat.of().formatHex(connect)).contains(HexFormat.of().formatHex("s3cr3t-pa55".getBytes()));
      c.send(new byte[] {0x20, 2, 0, 4}); // bad user name or password
      await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(StreamState.AUTH_FAILED));
      assertThat(logs.list).isNotEmpty();
      assertThat(logs.list).allMatch(e -> !e.getFormattedMessage().contains("s3cr3t-pa55")
          && !e.getFormattedMessage().contains("bob-the-user"));
    } finally {
      root.detachAppender(logs);
    }
  }
}
