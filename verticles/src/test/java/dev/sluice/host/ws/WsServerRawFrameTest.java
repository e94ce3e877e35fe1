package dev.sluice.host.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamServer;
import dev.sluice.test.EchoHandler;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our ws listener against a raw client that writes exact bytes: the cases Autobahn does not cover
 * (a connection that never upgrades, a deflate bomb, the message limit), each followed by a fresh
 * client that is echoed.
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class WsServerRawFrameTest {

  private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

  @TempDir Path dir;
  private Vertx vertx;
  private StreamServer server;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    SluiceTestRuntime.deploy(vertx, dir, WsTestPolicy.policy("""
        "echo": {"server": true, "protocol": "ws", "endpoint": "127.0.0.1", "port": 0}"""),
        new JsonObject().put("ws", new JsonObject().put("handshakeTimeoutMs", 500).put("maxMessageSize", 100_000)));
    server = SecureStreams.create(vertx).serve("echo", EchoHandler::new).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }

  /** A raw client: the upgrade response as text, then the frames the server sent. */
  private final class RawClient {
    /** Held so it is not collected: Vert.x closes a client (and its sockets) once it is unreachable. */
    final NetClient client = vertx.createNetClient();
    final NetSocket socket;
    final StringBuilder head = new StringBuilder();
    final List<RawFrames.Frame> frames = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    RawClient() throws Exception {
      socket = client.connect(server.actualPort(), "127.0.0.1").await(5, TimeUnit.SECONDS);
      RawFrames.Reader reader = new RawFrames.Reader();
      socket.closeHandler(v -> closed = true);
      socket.handler(b -> {
        synchronized (head) {
          if (head.indexOf("\r\n\r\n") < 0) {
            head.append(b.toString(StandardCharsets.ISO_8859_1));
            int end = head.indexOf("\r\n\r\n");
            if (end >= 0) {
              frames.addAll(reader.feed(Buffer.buffer(head.substring(end + 4), "ISO-8859-1")));
            }
            return;
          }
        }
        frames.addAll(reader.feed(b));
      });
    }

    RawClient upgrade(String extraHeaders) {
      socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> response().contains("\r\n\r\n"));
      assertThat(response()).startsWith("HTTP/1.1 101");
      return this;
    }

    String response() {
      synchronized (head) {
        return head.toString();
      }
    }

    void send(boolean fin, int rsv, int opcode, Buffer payload) {
      socket.write(RawFrames.frame(fin, rsv, opcode, payload, MASK, payload.length()));
    }

    int closeCode() {
      return frames.stream().filter(f -> f.opcode() == RawFrames.CLOSE).mapToInt(RawFrames.Frame::closeCode)
          .findFirst().orElse(-1);
    }
  }

  @Test
  void aConnectionThatNeverSendsItsUpgradeIsDroppedWhileAnUpgradedOneStaysOpen() throws Exception {
    RawClient upgraded = new RawClient().upgrade("");
    RawClient silent = new RawClient();
    await().atMost(Duration.ofSeconds(5)).until(() -> silent.closed);
    assertThat(upgraded.closed).isFalse();
    upgraded.send(true, 0, RawFrames.TEXT, Buffer.buffer("still here"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !upgraded.frames.isEmpty());
    assertThat(upgraded.frames.get(0).payload().toString()).isEqualTo("still here");
    upgraded.socket.close();
    freshClientIsEchoed();
  }

  @Test
  void aDeflateBombIsRefusedWith1002WithoutBeingInflated() throws Exception {
    Buffer bomb = deflate(32 << 20);
    long before = allocatedBytes();
    RawClient c = new RawClient().upgrade("Sec-WebSocket-Extensions: permessage-deflate\r\n");
    assertThat(c.response().toLowerCase()).as("the extension is not accepted").doesNotContain("sec-websocket-extensions");
    c.send(true, 4, RawFrames.BINARY, bomb);
    await().atMost(Duration.ofSeconds(5)).until(() -> c.closeCode() != -1 || c.closed);
    assertThat(c.closeCode()).isEqualTo(1002);
    assertThat(allocatedBytes() - before).as("bytes allocated while refusing it").isLessThan(16L << 20);
    freshClientIsEchoed();
  }

  @Test
  void aMessageOverTheLimitIsRefusedWith1009() throws Exception {
    RawClient c = new RawClient().upgrade("");
    c.send(false, 0, RawFrames.BINARY, Buffer.buffer(new byte[60_000]));
    c.send(true, 0, RawFrames.CONT, Buffer.buffer(new byte[60_000]));
    await().atMost(Duration.ofSeconds(5)).until(() -> c.closeCode() != -1);
    assertThat(c.closeCode()).isEqualTo(1009);
    assertThat(c.frames.stream().filter(f -> f.opcode() == RawFrames.BINARY)).as("the first fragment was echoed")
        .hasSize(1);
    freshClientIsEchoed();
  }

  private void freshClientIsEchoed() throws Exception {
    RawClient c = new RawClient().upgrade("");
    c.send(true, 0, RawFrames.TEXT, Buffer.buffer("hello"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !c.frames.isEmpty());
    assertThat(c.frames.get(0).opcode()).isEqualTo(RawFrames.TEXT);
    assertThat(c.frames.get(0).payload().toString()).isEqualTo("hello");
    c.socket.close();
  }

  private static Buffer deflate(int inflatedSize) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] zeros = new byte[1 << 20];
    byte[] out = new byte[1 << 20];
    Buffer b = Buffer.buffer();
    for (int fed = 0; fed < inflatedSize; fed += zeros.length) {
      d.setInput(zeros);
      int n;
      while ((n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH)) > 0) {
        b.appendBytes(out, 0, n);
      }
    }
    d.end();
    return b;
  }

  private static long allocatedBytes() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return Arrays.stream(mx.getThreadAllocatedBytes(mx.getAllThreadIds())).filter(v -> v > 0).sum();
  }
}
