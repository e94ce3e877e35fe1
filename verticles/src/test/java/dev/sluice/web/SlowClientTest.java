package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.CapturedLogs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients (reliability plan row 8): a client trickling its headers one byte per timer tick is
 * closed by the header deadline while other clients are served, on listeners with and without h2c
 * (where Vert.x holds the first request until its headers are complete); a silent one by the idle
 * timeout.
 */
@ExtendWith(VertxExtension.class)
class SlowClientTest {

  /** 80 bytes: at one byte per 100 ms, eight seconds, far past the 1 s deadline. */
  private static final byte[] REQUEST = ("GET /index.html HTTP/1.1\r\nhost: 127.0.0.1\r\nx-pad: "
      + "p".repeat(29) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

  @TempDir
  Path dir;

  /** A client that writes {@code prefix} at once, then {@code trickle} one byte per tick. */
  static final class Trickler {
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger sent = new AtomicInteger();
    final Buffer received = Buffer.buffer();

    Trickler(Vertx vertx, int port, byte[] prefix, byte[] trickle) throws Exception {
      NetSocket so = vertx.createNetClient().connect(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
      so.handler(b -> {
        synchronized (received) {
          received.appendBuffer(b);
        }
      });
      so.write(Buffer.buffer(prefix));
      long timer = vertx.setPeriodic(100, id -> {
        int i = sent.get();
        if (i < trickle.length && !closed.get()) {
          so.write(Buffer.buffer(new byte[] {trickle[i]}));
          sent.incrementAndGet();
        }
      });
      so.closeHandler(v -> {
        closed.set(true);
        vertx.cancelTimer(timer);
      });
    }

    String received() {
      synchronized (received) {
        return received.toString(StandardCharsets.ISO_8859_1);
      }
    }
  }

  @Test
  void aTricklingClientIsClosedByTheHeaderDeadlineWhileOthersAreServed(Vertx vertx) throws Exception {
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject().put("headerTimeoutMs", 1000), new JsonObject().put("h2c", false));
    try (CapturedLogs logs = new CapturedLogs()) {
      Trickler slow = new Trickler(vertx, port, new byte[0], REQUEST);
      await().atMost(Duration.ofSeconds(5)).until(() -> slow.sent.get() >= 3);
      assertThat(web.get(WebFixture.h1(vertx), "/index.html", Map.of()).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).untilTrue(slow.closed);
      assertThat(slow.sent.get()).as("closed before its headers were complete").isLessThan(REQUEST.length);
      assertThat(slow.received()).isEmpty();
      assertThat(logs.lines()).anyMatch(l -> l.contains("completed no request headers within 1000 ms; closed"));
    }
    assertThat(web.get(WebFixture.h1(vertx), "/index.html", Map.of()).bytes()).isEqualTo(web.index);
  }

  @Test
  void onAnH2cListenerATricklingFirstRequestIsClosedByTheDeadlineFromAccepting(Vertx vertx) throws Exception {
    // h2c on in the clear: Vert.x makes no HTTP connection until the first request's headers are
    // complete, so this is the accept-time deadline (AcceptDeadline), not the idle timeout (60 s here).
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject().put("headerTimeoutMs", 1000).put("idleTimeoutMs", 60_000));
    try (CapturedLogs logs = new CapturedLogs()) {
      Trickler slow = new Trickler(vertx, port, new byte[0], REQUEST);
      Trickler slowH2 = new Trickler(vertx, port, "PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.ISO_8859_1),
          "\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      await().atMost(Duration.ofSeconds(5)).until(() -> slow.sent.get() >= 3);
      assertThat(web.get(WebFixture.h1(vertx), "/index.html", Map.of()).status()).isEqualTo(200);
      assertThat(web.get(WebFixture.h2c(vertx), "/index.html", Map.of()).bytes()).isEqualTo(web.index);
      await().atMost(Duration.ofSeconds(20)).untilTrue(slow.closed);
      await().atMost(Duration.ofSeconds(20)).untilTrue(slowH2.closed);
      assertThat(slow.sent.get()).as("closed before its headers were complete").isLessThan(REQUEST.length);
      assertThat(slow.received()).isEmpty();
      assertThat(logs.lines()).anyMatch(l -> l.contains("completed no request headers within 1000 ms of connecting; closed"));
    }
    assertThat(web.get(WebFixture.h1(vertx), "/index.html", Map.of()).bytes()).isEqualTo(web.index);
    assertThat(web.get(WebFixture.h2c(vertx), "/index.html", Map.of()).bytes()).isEqualTo(web.index);
  }

  @Test
  void onAnH2cListenerAFirstRequestInTimeKeepsItsConnection(Vertx vertx) throws Exception {
    // The accept-time deadline is lifted once the first request's headers are complete: a kept
    // connection whose second request comes at once is served twice, long after the deadline.
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject().put("headerTimeoutMs", 1000).put("idleTimeoutMs", 60_000));
    NetSocket so = vertx.createNetClient().connect(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Buffer got = Buffer.buffer();
    AtomicBoolean closed = new AtomicBoolean();
    so.handler(b -> {
      synchronized (got) {
        got.appendBuffer(b);
      }
    });
    so.closeHandler(v -> closed.set(true));
    so.write(Buffer.buffer(REQUEST));
    await().atMost(Duration.ofSeconds(10)).until(() -> count(got, "HTTP/1.1 200 OK") == 1);
    // Keep it busy past the accept deadline with requests that come in time, one every 300 ms.
    AtomicInteger more = new AtomicInteger();
    long timer = vertx.setPeriodic(300, id -> {
      if (more.get() < 6) {
        more.incrementAndGet();
        so.write(Buffer.buffer(REQUEST));
      }
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> count(got, "HTTP/1.1 200 OK") == 7 || closed.get());
    vertx.cancelTimer(timer);
    assertThat(closed).as("not closed by the accept-time deadline").isFalse();
    assertThat(count(got, "HTTP/1.1 200 OK")).isEqualTo(7);
    so.close();
  }

  private static int count(Buffer b, String what) {
    String s;
    synchronized (b) {
      s = b.toString(StandardCharsets.ISO_8859_1);
    }
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void onAnH2cListenerASecondRequestTrickledOnAKeptConnectionIsClosedByTheDeadline(Vertx vertx) throws Exception {
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject().put("headerTimeoutMs", 1000));
    Trickler slow = new Trickler(vertx, port, REQUEST, REQUEST);
    await().atMost(Duration.ofSeconds(20)).untilTrue(slow.closed);
    assertThat(slow.received()).startsWith("HTTP/1.1 200 OK").contains("test index");
    assertThat(slow.sent.get()).as("closed before the second request's headers were complete")
        .isLessThan(REQUEST.length);
    assertThat(web.get(WebFixture.h2c(vertx), "/index.html", Map.of()).bytes()).isEqualTo(web.index);
  }

  @Test
  void aSilentConnectionIsClosedByTheIdleTimeout(Vertx vertx) throws Exception {
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject().put("idleTimeoutMs", 1000));
    Trickler silent = new Trickler(vertx, port, new byte[0], new byte[0]);
    await().atMost(Duration.ofSeconds(20)).untilTrue(silent.closed);
    assertThat(silent.received()).isEmpty();
    assertThat(web.get(WebFixture.h1(vertx), "/", Map.of()).status()).isEqualTo(200);
  }
}
