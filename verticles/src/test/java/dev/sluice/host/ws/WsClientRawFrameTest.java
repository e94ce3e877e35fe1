package dev.sluice.host.ws;

import static dev.sluice.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.CONNECTING;
import static dev.sluice.ss.StreamState.CREATING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.POLL;
import static dev.sluice.ss.StreamState.TIMEOUT;
import static dev.sluice.ss.StreamState.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.host.ws.ScriptedWsServer.Answer;
import dev.sluice.host.ws.ScriptedWsServer.Script;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamState;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our ws client against a scripted bad server writing exact bytes (plan row 3, client side; row 4,
 * the deflate bomb). Each case checks the outcome (the close code our client sent, a handshake
 * error, a timeout), then that a fresh connection to the same server still echoes.
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class WsClientRawFrameTest {

  /** A deflate stream of 32 MiB of zeros: about 32 KiB on the wire, under the frame limit. */
  private static final Buffer BOMB = deflateBomb(32 << 20);

  @TempDir Path dir;
  private Vertx vertx;
  private ScriptedWsServer peer;
  private SecureStreams ss;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    peer = new ScriptedWsServer(vertx);
    port = peer.start();
    SluiceTestRuntime.deploy(vertx, dir, WsTestPolicy.policy("""
        "raw": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/", "metadata": [{"port": ""}],
                "ws_subprotocol": "echo", "retry": "once"},
        "pingy": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/", "metadata": [{"port": ""}],
                  "retry": "pingy"},
        "quick": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/", "metadata": [{"port": ""}],
                  "retry": "quick"},
        "headers": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/base",
                    "http_url": "feed/${room}", "metadata": [{"port": ""}, {"room": ""}, {"token": "x-token:"}],
                    "ws_subprotocol": "echo", "retry": "once"},
        "nailed": {"protocol": "ws", "endpoint": "ws://127.0.0.1:${port}/", "metadata": [{"port": ""}],
                   "retry": "quick", "nailed_up": true}"""),
        new JsonObject().put("ws", new JsonObject().put("handshakeTimeoutMs", 500)));
    ss = SecureStreams.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    peer.stop();
  }

  /** What a case must end in. */
  enum Outcome {
    /** DISCONNECTED, and our client sent a close frame with the given code. */
    CLOSED_WITH,
    /**
     * DISCONNECTED, and our client sent a close frame with the given code or none at all. When
     * Netty's decoder finds the error after it delivered a frame of the same read, Vert.x closes the
     * channel before its buffered writes are flushed: the close frame is lost and the peer sees a
     * TCP close, which RFC 6455 §7.1.7 allows ("SHOULD send a Close frame").
     */
    CLOSED_OR_DROPPED,
    HANDSHAKE_ERROR,
    TIMED_OUT
  }

  static Stream<Arguments> cases() {
    byte[] mask = {1, 2, 3, 4};
    return Stream.of(
        closes("a masked frame from the server", RawFrames.frame(true, 0, RawFrames.TEXT, Buffer.buffer("hi"), mask, 2),
            1002),
        closes("RSV1 without a negotiated extension", RawFrames.frame(true, 4, RawFrames.TEXT, Buffer.buffer("hi")), 1002),
        closes("RSV2", RawFrames.frame(true, 2, RawFrames.TEXT, Buffer.buffer("hi")), 1002),
        closes("RSV3", RawFrames.frame(true, 1, RawFrames.BINARY, Buffer.buffer("hi")), 1002),
        closes("reserved data opcode 3", RawFrames.frame(true, 0, 3, Buffer.buffer("hi")), 1002),
        closes("reserved control opcode 0xB", RawFrames.frame(true, 0, 0xB, Buffer.buffer()), 1002),
        closes("a frame over the 65536-byte limit", RawFrames.frame(true, 0, RawFrames.BINARY, Buffer.buffer(), null,
            70_000), 1009),
        closes("a message over the 262144-byte limit in fragments", fragments(5, 60_000), 1009),
        closes("invalid UTF-8 in a text frame", RawFrames.frame(true, 0, RawFrames.TEXT, bytes(0xC0, 0xAF)), 1007),
        closes("a surrogate in a text frame", RawFrames.frame(true, 0, RawFrames.TEXT, bytes(0xED, 0xA0, 0x80)), 1007),
        closes("invalid UTF-8 split across fragments", RawFrames.frame(false, 0, RawFrames.TEXT, bytes(0xF0, 0x9F))
            .appendBuffer(RawFrames.frame(true, 0, RawFrames.CONT, bytes(0x28))), 1007),
        closes("a text message ending inside a code point", RawFrames.frame(true, 0, RawFrames.TEXT, bytes(0x41, 0xE2,
            0x82)), 1007),
        closes("a continuation with nothing to continue", RawFrames.frame(true, 0, RawFrames.CONT, Buffer.buffer("x")),
            1002),
        Arguments.of("a new message while one is open", Script.sends(RawFrames.frame(false, 0, RawFrames.TEXT,
            Buffer.buffer("a")).appendBuffer(RawFrames.frame(true, 0, RawFrames.TEXT, Buffer.buffer("b")))),
            Outcome.CLOSED_OR_DROPPED, 1002),
        closes("a ping of 126 bytes", RawFrames.frame(true, 0, RawFrames.PING, Buffer.buffer(new byte[126])), 1002),
        closes("a fragmented ping", RawFrames.frame(false, 0, RawFrames.PING, Buffer.buffer("p")), 1002),
        closes("a close frame with a 1-byte payload", RawFrames.frame(true, 0, RawFrames.CLOSE, bytes(3)), 1002),
        closes("close code 1004", RawFrames.close(1004, ""), 1002),
        closes("close code 999", RawFrames.close(999, ""), 1002),
        closes("a close reason that is not UTF-8", RawFrames.frame(true, 0, RawFrames.CLOSE,
            Buffer.buffer().appendUnsignedShort(1000).appendBuffer(bytes(0xFF, 0xFE))), 1007),
        closes("a deflate bomb without deflate negotiated", RawFrames.frame(true, 4, RawFrames.BINARY, BOMB), 1002),
        Arguments.of("a 101 with the wrong Sec-WebSocket-Accept", new Script(Answer.BAD_ACCEPT, "", null, true, true),
            Outcome.HANDSHAKE_ERROR, 0),
        Arguments.of("an extension the client did not ask for", new Script(Answer.GOOD,
            "Sec-WebSocket-Extensions: permessage-deflate\r\n", null, true, true), Outcome.HANDSHAKE_ERROR, 0),
        Arguments.of("an unasked-for deflate followed by a deflate bomb", new Script(Answer.GOOD,
            "Sec-WebSocket-Extensions: permessage-deflate\r\n", RawFrames.frame(true, 4, RawFrames.BINARY, BOMB), false,
            true), Outcome.HANDSHAKE_ERROR, 0),
        Arguments.of("a server that never answers the upgrade", new Script(Answer.NEVER, "", null, false, false),
            Outcome.TIMED_OUT, 0));
  }

  private static Arguments closes(String name, Buffer bytes, int code) {
    return Arguments.of(name, Script.sends(bytes), Outcome.CLOSED_WITH, code);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadServerGetsTheRightAnswerAndAFreshConnectionStillWorks(String name, Script script, Outcome outcome,
      int closeCode) throws Exception {
    peer.next(script);
    long allocatedBefore = allocatedBytes();
    RecordingHandler h = new RecordingHandler().send("hi");
    SecureStream s = open("raw", h);
    s.requestTx();
    switch (outcome) {
      case CLOSED_WITH -> {
        await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(DISCONNECTED));
        assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, DISCONNECTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> peer.connections.get(0).clientCloseCode() != -1);
        assertThat(peer.connections.get(0).clientCloseCode()).as("close code our client sent").isEqualTo(closeCode);
      }
      case CLOSED_OR_DROPPED -> {
        await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(DISCONNECTED));
        assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, DISCONNECTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> peer.connections.get(0).closed);
        assertThat(peer.connections.get(0).clientCloseCode()).isIn(-1, closeCode);
      }
      case HANDSHAKE_ERROR -> {
        await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(ALL_RETRIES_FAILED));
        assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED);
        assertThat(h.rxText()).isEmpty();
      }
      case TIMED_OUT -> {
        await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(TIMEOUT));
        assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, TIMEOUT);
      }
    }
    assertThat(allocatedBytes() - allocatedBefore).as("bytes allocated while handling the case")
        .isLessThan(16L << 20);
    s.destroy().await(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> peer.connections.get(0).closed);

    RecordingHandler fresh = new RecordingHandler().send("again");
    SecureStream s2 = open("raw", fresh);
    s2.requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> fresh.rxText().equals("again"));
    s2.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aPeerThatStopsAnsweringPingsIsHungUpOnAfterSvalidhup() throws Exception {
    peer.next(new Script(Answer.GOOD, "", null, true, false));
    RecordingHandler h = new RecordingHandler();
    SecureStream s = open("pingy", h);
    s.connect();
    await().atMost(Duration.ofSeconds(2)).until(() -> h.saw(CONNECTED));
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(DISCONNECTED));
    assertThat(peer.connections.get(0).received).as("a PING was sent before hanging up")
        .anyMatch(f -> f.opcode() == RawFrames.PING);
    assertThat(peer.connections.get(0).clientCloseCode()).isEqualTo(1001);
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aPeerThatAnswersPingsStaysConnectedPastSvalidhup() throws Exception {
    RecordingHandler h = new RecordingHandler();
    SecureStream s = open("pingy", h);
    s.connect();
    await().atMost(Duration.ofSeconds(2)).until(() -> h.saw(CONNECTED));
    await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5)).until(() -> !h.saw(DISCONNECTED));
    assertThat(peer.connections.get(0).received.stream().filter(f -> f.opcode() == RawFrames.PING).count())
        .isGreaterThanOrEqualTo(2);
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void closeCode1008IsAuthFailedWithTheCodeAsAck() throws Exception {
    peer.next(Script.sends(RawFrames.close(1008, "no token")));
    RecordingHandler h = new RecordingHandler();
    SecureStream s = open("raw", h);
    s.connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(ALL_RETRIES_FAILED));
    assertThat(h.states()).containsExactly(CREATING, CONNECTING, CONNECTED, StreamState.AUTH_FAILED,
        ALL_RETRIES_FAILED);
    assertThat(h.stateEvents().get(3).ack()).isEqualTo(1008);
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void closeCode1013ReconnectsByTheRetryPolicyEvenWithoutNailedUp() throws Exception {
    peer.next(Script.sends(RawFrames.close(1013, "busy")));
    RecordingHandler h = new RecordingHandler();
    SecureStream s = open("quick", h);
    s.connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.states().stream().filter(CONNECTED::equals).count() == 2);
    assertThat(h.states()).containsExactly(CREATING, CONNECTING, CONNECTED, DISCONNECTED, CONNECTING, CONNECTED);
    assertThat(h.stateEvents().get(3).ack()).as("DISCONNECTED's ack: the delay before reconnecting").isPositive();
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void closeCode1000EndsAStreamThatIsNotNailedUpButANailedUpOneReconnects() throws Exception {
    peer.next(Script.sends(RawFrames.close(1000, "bye"))).next(Script.sends(RawFrames.close(1000, "bye")));
    RecordingHandler plain = new RecordingHandler();
    SecureStream s = open("quick", plain);
    s.connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> plain.saw(DISCONNECTED));
    RecordingHandler nailed = new RecordingHandler();
    SecureStream n = open("nailed", nailed);
    await().atMost(Duration.ofSeconds(5)).until(() -> nailed.states().stream().filter(CONNECTED::equals).count() == 2);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> plain.states().size() == 4);
    assertThat(plain.states()).containsExactly(CREATING, CONNECTING, CONNECTED, DISCONNECTED);
    assertThat(plain.stateEvents().get(3).ack()).isZero();
    assertThat(nailed.states()).startsWith(CREATING, CONNECTING, CONNECTED, DISCONNECTED, CONNECTING, CONNECTED);
    s.destroy().await(5, TimeUnit.SECONDS);
    n.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void theUpgradeRequestCarriesTheUrlPathHttpUrlTheSubprotocolAndMetadataHeaders() throws Exception {
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("headers", Map.of("port", Integer.toString(port), "room", "r1", "token", "t-42"), h)
        .await(5, TimeUnit.SECONDS);
    s.connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(CONNECTED));
    String req = peer.connections.get(0).request;
    assertThat(req).startsWith("GET /base/feed/r1 HTTP/1.1\r\n");
    assertThat(req.toLowerCase()).contains("\r\nx-token: t-42").contains("\r\nsec-websocket-protocol: echo");
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  private SecureStream open(String type, RecordingHandler h) throws Exception {
    SecureStream s = ss.create(type, Map.of("port", Integer.toString(port)), h).await(5, TimeUnit.SECONDS);
    h.drainInto(s);
    return s;
  }

  private static Buffer bytes(int... b) {
    Buffer out = Buffer.buffer();
    Arrays.stream(b).forEach(v -> out.appendByte((byte) v));
    return out;
  }

  private static Buffer fragments(int n, int size) {
    Buffer out = Buffer.buffer();
    for (int i = 0; i < n; i++) {
      out.appendBuffer(RawFrames.frame(i == n - 1, 0, i == 0 ? RawFrames.BINARY : RawFrames.CONT,
          Buffer.buffer(new byte[size])));
    }
    return out;
  }

  private static Buffer deflateBomb(int inflatedSize) {
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

  /** Bytes allocated by every live thread so far (HotSpot's per-thread counters). */
  private static long allocatedBytes() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = mx.getAllThreadIds();
    return Arrays.stream(mx.getThreadAllocatedBytes(ids)).filter(v -> v > 0).sum();
  }

}
