package dev.sluice.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.CapturedLogs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's behaviour beyond single packets: persistent sessions, wills, keep-alive,
 * limits (first-packet size, queues, subscriptions, CONNECT deadline), slow subscribers, take-over
 * and logins. Clients are raw sockets so every byte is visible.
 */
class MqttBrokerTest {

  @TempDir Path dir;
  private Vertx vertx;
  private MqttBrokerVerticle broker;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private int deploy(MqttBrokerOptions options) throws Exception {
    broker = new MqttBrokerVerticle(options.setPort(0));
    vertx.deployVerticle(broker).await(10, TimeUnit.SECONDS);
    return broker.actualPort();
  }

  private JsonObject stats() throws Exception {
    return broker.stats().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aPersistentSessionKeepsItsSubscriptionAndQueuedMessagesAcrossAReconnect() throws Exception {
    int port = deploy(new MqttBrokerOptions().setMaxQueued(50));
    try (RawMqttClient keeper = new RawMqttClient(port)) {
      assertThat(keeper.connect("keeper", false)).containsExactly(0, 0);
      assertThat(keeper.subscribe(1, "keep/#", 1)).isEqualTo(1);
      keeper.send(0xE0, new byte[0]); // DISCONNECT
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> stats().getInteger("connections") == 0);
    try (RawMqttClient pub = new RawMqttClient(port)) {
      pub.connect("publisher", true);
      for (int i = 1; i <= 60; i++) {
        pub.publish("keep/" + i, "m" + i, 1, false, i);
        assertThat(pub.read().type()).as("PUBACK").isEqualTo(4);
      }
    }
    assertThat(stats().getLong("queued")).isEqualTo(50);
    assertThat(stats().getLong("dropped")).as("beyond maxQueued").isEqualTo(10);
    try (RawMqttClient keeper = new RawMqttClient(port)) {
      assertThat(keeper.connect("keeper", false)).as("session present").containsExactly(1, 0);
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        RawMqttClient.Packet p = keeper.read();
        assertThat(p.type()).isEqualTo(3);
        got.add(p.payload());
        keeper.ack(4, p.publishPacketId());
      }
      assertThat(got).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj(i -> "m" + i).toList());
    }
  }

  @Test
  void aWillIsPublishedWhenAClientVanishesAndNotAfterADisconnect() throws Exception {
    int port = deploy(new MqttBrokerOptions());
    try (RawMqttClient watcher = new RawMqttClient(port)) {
      watcher.connect("watcher", true);
      watcher.subscribe(1, "wills/#", 1);
      RawMqttClient polite = new RawMqttClient(port);
      polite.connect("polite", true, 60, "wills/polite", "should not appear", 1, null, null);
      polite.send(0xE0, new byte[0]);
      polite.close();
      RawMqttClient crash = new RawMqttClient(port);
      crash.connect("crash", true, 60, "wills/crash", "gone", 1, null, null);
      crash.close(); // no DISCONNECT
      RawMqttClient.Packet p = watcher.read();
      assertThat(p.topic()).isEqualTo("wills/crash");
      assertThat(p.payload()).isEqualTo("gone");
    }
  }

  @Test
  void aSilentClientIsClosedAfterOneAndAHalfKeepAlivesAndItsWillGoesOut() throws Exception {
    int port = deploy(new MqttBrokerOptions());
    try (RawMqttClient watcher = new RawMqttClient(port); RawMqttClient quiet = new RawMqttClient(port)) {
      watcher.connect("watcher", true);
      watcher.subscribe(1, "wills/#", 0);
      quiet.connect("quiet", true, 1, "wills/quiet", "timed out", 0, null, null);
      quiet.timeout(6000);
      assertThat(quiet.closedByBroker()).isTrue();
      assertThat(watcher.read().payload()).isEqualTo("timed out");
    }
  }

  @Test
  void aConnectionThatNeverSendsConnectIsClosedAtTheDeadline() throws Exception {
    int port = deploy(new MqttBrokerOptions().setConnectTimeoutMs(300));
    try (RawMqttClient idle = new RawMqttClient(port)) {
      assertThat(idle.closedByBroker()).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> stats().getInteger("connections") == 0);
  }

  @Test
  void aDeclared243MegabyteFirstPacketIsRefusedWithoutGrowingTheHeap() throws Exception {
    int port = deploy(new MqttBrokerOptions());
    var memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    try (RawMqttClient big = new RawMqttClient(port)) {
      // CONNECT with a remaining length of 243 MB (varint 0x80 0x80 0xF4 0x73), then 1 MiB of it.
      big.sendRaw(new byte[] {0x10, (byte) 0x80, (byte) 0x80, (byte) 0xF4, 0x73});
      try {
        big.sendRaw(new byte[1024 * 1024]);
      } catch (IOException closedAlready) {
        // the broker may close before the rest is written
      }
      assertThat(big.closedByBroker()).isTrue();
    }
    System.gc();
    long grown = memory.getHeapMemoryUsage().getUsed() - before;
    assertThat(grown).as("heap growth in bytes").isLessThan(20L * 1024 * 1024);
    try (RawMqttClient next = new RawMqttClient(port)) {
      assertThat(next.connect("next", true)).containsExactly(0, 0);
    }
  }

  @Test
  void anOversizedPublishClosesOnlyItsOwnConnection() throws Exception {
    int port = deploy(new MqttBrokerOptions().setMaxPacketSize(1024));
    try (RawMqttClient other = new RawMqttClient(port); RawMqttClient big = new RawMqttClient(port)) {
      other.connect("other", true);
      other.subscribe(1, "t", 0);
      big.connect("big", true);
      big.publish("t", "x".repeat(2000), 0, false, 0);
      assertThat(big.closedByBroker()).isTrue();
      try (RawMqttClient pub = new RawMqttClient(port)) {
        pub.connect("pub", true);
        pub.publish("t", "still here", 0, false, 0);
        assertThat(other.read().payload()).isEqualTo("still here");
      }
    }
  }

  @Test
  void aSubscribeFloodIsCappedPerClientAndTheBrokerKeepsAnswering() throws Exception {
    int port = deploy(new MqttBrokerOptions().setMaxSubscriptionsPerClient(100));
    try (RawMqttClient flood = new RawMqttClient(port)) {
      flood.connect("flood", true);
      int granted = 0;
      int refused = 0;
      for (int i = 1; i <= 500; i++) {
        int code = flood.subscribe(i, "flood/" + i + "/#", 1);
        if (code == 1) {
          granted++;
        } else if (code == 0x80) {
          refused++;
        }
      }
      assertThat(granted).isEqualTo(100);
      assertThat(refused).isEqualTo(400);
      flood.send(0xC0, new byte[0]);
      assertThat(flood.read().type()).as("PINGRESP").isEqualTo(13);
    }
    // A clean session's subscriptions go with its connection.
    await().atMost(Duration.ofSeconds(5)).until(() -> stats().getLong("subscriptions") == 0);
  }

  @Test
  void aSubscriberThatNeverReadsDoesNotHoldBackTheOthers() throws Exception {
    int port = deploy(new MqttBrokerOptions().setMaxQueued(100));
    try (RawMqttClient stuck = new RawMqttClient(port, 4096); RawMqttClient reader = new RawMqttClient(port);
        RawMqttClient pub = new RawMqttClient(port)) {
      stuck.connect("stuck", true);
      stuck.subscribe(1, "fast/#", 0);
      reader.connect("reader", true);
      reader.subscribe(1, "fast/#", 0);
      pub.connect("pub", true);
      // 50 MB in all, far more than the socket buffers between the broker and the stuck client, sent in
      // bursts of 100 that the reader takes in before the next: the reader never lags, the stuck one does.
      String body = "y".repeat(1000);
      for (int burst = 0; burst < 500; burst++) {
        for (int i = 0; i < 100; i++) {
          pub.publish("fast/x", body, 0, false, 0);
        }
        for (int i = 0; i < 100; i++) {
          assertThat(reader.read().payload()).isEqualTo(body);
        }
      }
      assertThat(stats().getLong("dropped")).as("QoS 0 dropped for the stuck client only").isPositive();
      assertThat(stats().getLong("queued")).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void aSecondConnectionWithTheSameClientIdTakesOver() throws Exception {
    int port = deploy(new MqttBrokerOptions());
    try (RawMqttClient first = new RawMqttClient(port); RawMqttClient second = new RawMqttClient(port)) {
      first.connect("same", true);
      second.connect("same", true);
      assertThat(first.closedByBroker()).isTrue();
      second.send(0xC0, new byte[0]);
      assertThat(second.read().type()).isEqualTo(13);
    }
  }

  @Test
  void loginsAreCheckedAndPasswordsNeverLogged() throws Exception {
    Path passwords = dir.resolve("passwords");
    String secret = "pw-" + System.nanoTime();
    Files.writeString(passwords, "# users\nalice:" + secret + "\n");
    int port = deploy(new MqttBrokerOptions().setPasswordFile(passwords.toString()));
    try (CapturedLogs logs = new CapturedLogs()) {
      Set<Integer> codes = new HashSet<>();
      try (RawMqttClient c = new RawMqttClient(port)) {
        assertThat(c.connect("a", true, 60, null, null, 0, "alice", secret)).containsExactly(0, 0);
      }
      try (RawMqttClient c = new RawMqttClient(port)) {
        codes.add(c.connect("b", true, 60, null, null, 0, "alice", secret + "x")[1]);
        assertThat(c.closedByBroker()).isTrue();
      }
      try (RawMqttClient c = new RawMqttClient(port)) {
        codes.add(c.connect("c", true, 60, null, null, 0, null, null)[1]);
      }
      assertThat(codes).containsExactlyInAnyOrder(4, 5);
      assertThat(logs.lines()).anyMatch(l -> l.contains("login refused")).noneMatch(l -> l.contains(secret));
    }
  }
}
