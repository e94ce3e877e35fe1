package dev.sluice.ss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP client streams against a scripted server that writes exact, broken bytes (plan rows 9 and
 * 26): each case ends in a clear state, and the host goes on serving other streams.
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class HttpBadServerTest {

  @TempDir Path dir;
  private Vertx vertx;
  private NetServer server;
  /** What the scripted server does with each connection, once the request head has arrived. */
  private volatile Consumer<NetSocket> script;
  private SecureStreams ss;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    server = vertx.createNetServer().connectHandler(sock -> {
      // Every request head on the connection gets an answer: the well-behaved one for /ok, the
      // scripted one for anything else. Request bodies are not used by these cases.
      StringBuilder pending = new StringBuilder();
      sock.handler(b -> {
        pending.append(b.toString(StandardCharsets.ISO_8859_1));
        int end;
        while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
          boolean ok = pending.substring(0, end).startsWith("GET /ok ");
          pending.delete(0, end + 4);
          if (ok) {
            sock.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
          } else {
            script.accept(sock);
          }
        }
      });
    });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    SluiceTestRuntime.deploy(vertx, dir, """
        {"retry": [{"once": {"backoff": [20], "conceal": 1, "jitterpc": 1}}],
         "s": [{
           "bad": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/bad", "timeout_ms": 2000,
                   "retry": "once"},
           "redirecting": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/bad",
                           "allow_redirects": true, "retry": "once"},
           "ok": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/ok", "retry": "once"}
         }]}""".formatted(server.actualPort()));
    ss = SecureStreams.create(vertx);
  }

  @AfterEach
  void stillServing() throws Exception {
    assertThat(ss.fetch("ok", Map.of()).await(10, TimeUnit.SECONDS).toString())
        .as("another stream works afterwards").isEqualTo("ok");
    server.close().await(5, TimeUnit.SECONDS);
  }

  private RecordingHandler run(String streamtype, StreamState until) throws Exception {
    RecordingHandler h = new RecordingHandler();
    ss.create(streamtype, h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(15)).until(() -> h.saw(until));
    return h;
  }

  @Test
  void aTruncatedBodyEndsInDisconnectedWithoutAnAck() throws Exception {
    script = s -> s.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly ten b").onComplete(v -> s.close());
    RecordingHandler h = run("bad", StreamState.DISCONNECTED);
    assertThat(h.states()).contains(StreamState.CONNECTED).doesNotContain(StreamState.QOS_ACK_REMOTE);
    assertThat(h.rxText()).isEqualTo("only ten b");
  }

  @Test
  void aBadChunkSizeEndsTheTransaction() throws Exception {
    script = s -> s.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n");
    RecordingHandler h = run("bad", StreamState.DISCONNECTED);
    assertThat(h.states()).doesNotContain(StreamState.QOS_ACK_REMOTE);
  }

  @Test
  void aContentLengthShorterThanTheBodyDeliversWhatTheLengthSays() throws Exception {
    script = s -> s.write("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n0123456789");
    RecordingHandler h = run("bad", StreamState.DISCONNECTED);
    assertThat(h.states()).contains(StreamState.QOS_ACK_REMOTE);
    assertThat(h.rxText()).isEqualTo("01234");
  }

  @Test
  void anOversizedHeaderIsRefusedAndRetriedByThePolicy() throws Exception {
    script = s -> s.write("HTTP/1.1 200 OK\r\nx-big: " + "a".repeat(9000) + "\r\ncontent-length: 0\r\n\r\n");
    RecordingHandler h = run("bad", StreamState.ALL_RETRIES_FAILED);
    assertThat(h.states()).contains(StreamState.UNREACHABLE).doesNotContain(StreamState.QOS_ACK_REMOTE);
  }

  @Test
  void aGzipBombIsDeliveredCompressedNeverInflated() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(new byte[50 * 1024 * 1024]); // 50 MiB of zeros: about 50 KiB compressed
    }
    byte[] bomb = zipped.toByteArray();
    script = s -> s.write(Buffer.buffer("HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: " + bomb.length
        + "\r\n\r\n").appendBytes(bomb));
    RecordingHandler h = run("bad", StreamState.DISCONNECTED);
    assertThat(h.states()).contains(StreamState.QOS_ACK_REMOTE);
    assertThat(h.rxBytes()).as("the compressed bytes, as sent").isEqualTo(bomb);
    assertThat(bomb.length).isLessThan(1024 * 1024);
  }

  @Test
  void aFloodOfInformationalResponsesIsRefusedAndRetriedByThePolicy() throws Exception {
    script = s -> {
      Buffer flood = Buffer.buffer();
      for (int i = 0; i < 2000; i++) {
        flood.appendString("HTTP/1.1 102 Processing\r\n\r\n");
      }
      s.write(flood);
    };
    RecordingHandler h = run("bad", StreamState.ALL_RETRIES_FAILED);
    assertThat(h.states()).doesNotContain(StreamState.QOS_ACK_REMOTE, StreamState.QOS_NACK_REMOTE);
  }

  @Test
  void aRedirectLoopEndsAsANackWithTheLastRedirect() throws Exception {
    script = s -> s.write("HTTP/1.1 302 Found\r\nlocation: /bad\r\ncontent-length: 0\r\n\r\n");
    RecordingHandler h = run("redirecting", StreamState.DISCONNECTED);
    assertThat(h.stateEvents()).extracting(Object::toString).contains("QOS_NACK_REMOTE(302)");
  }

  @Test
  void aPayloadOverTheTxLimitDisconnectsTheStream() throws Exception {
    script = s -> { };
    RecordingHandler h = new RecordingHandler().send(io.vertx.core.buffer.Buffer.buffer(new byte[200_000]),
        StreamFlags.SOM | StreamFlags.EOM);
    SecureStream s = ss.create("bad", h).await(5, TimeUnit.SECONDS);
    s.requestTx(200_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(StreamState.DISCONNECTED));
    assertThat(h.states()).doesNotContain(StreamState.QOS_ACK_REMOTE);
  }
}
