package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.impl.ProxyCore;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input from a hand-made client on a real socket closes that link with a named error
 * (published on sluice.proxy.closed) while a stream on another link keeps working.
 */
class SsProxyBadInputTest {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private Vertx serverVertx;
  private HttpServer server;
  private ProxyFixture fx;
  private final BlockingQueue<JsonObject> notices = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    serverVertx = Vertx.vertx();
    server = serverVertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b ->
        r.response().putHeader("content-type", "text/plain").end("got " + b.length())));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    fx = ProxyFixture.start(dir, """
        {"s": [{
           "get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/g",
                   "metadata": [{"ctype": "content-type:"}]},
           "big": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/b",
                   "http_method": "POST", "proxy_buflen": 200000}
         }]}""".formatted(server.actualPort()));
    fx.proxyVertx.eventBus().<JsonObject>consumer(ProxyCore.CLOSED_ADDRESS, m -> notices.add(m.body()))
        .completion().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  static Stream<Arguments> badInputs() {
    String get = RawSssPeer.streamType("get");
    // a TX_PAYLOAD whose writer meant 70000 bytes: the 16-bit length says 65535, the rest follows
    byte[] oversize = new byte[3 + 65535 + 4465];
    oversize[0] = (byte) 0xad;
    oversize[1] = (byte) 0xff;
    oversize[2] = (byte) 0xff;
    oversize[6] = 3; // SOM | EOM
    java.util.Arrays.fill(oversize, 3 + 65535, oversize.length, (byte) 0x41);
    String big = RawSssPeer.streamType("big");
    return Stream.of(
        Arguments.of("unknown type", "420000", "UNKNOWN_TYPE", "unknown frame type 0x42 at offset 0"),
        Arguments.of("a length shorter than the fixed header", "aa0003010000", "LENGTH_TOO_SHORT",
            "STREAMTYPE length 3 is shorter than its fixed header"),
        Arguments.of("a metadata name longer than the frame", get + "ae0005" + "28" + "61626364",
            "BAD_NAME_LENGTH", "METADATA name length 40 exceeds frame body"),
        Arguments.of("undeclared metadata", get + "ae0005" + "03666f6f" + "78", "UNDECLARED_METADATA",
            "METADATA name \"foo\" is not declared by the policy"),
        Arguments.of("a reserved type", get + "b20000", "RESERVED_TYPE", "TLSNEG_ENCLAVE_SIGNED (0xB2) is reserved"),
        Arguments.of("a 64 KiB+ frame", big + HEX.formatHex(oversize), "UNKNOWN_TYPE",
            "unknown frame type 0x41 at offset " + (big.length() / 2 + 3 + 65535)),
        Arguments.of("a payload larger than proxy_buflen", get + HEX.formatHex(oversize, 0, 3 + 65535),
            "BUFFER_FULL", "does not fit the 32768-byte proxy buffer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputClosesThatLinkWithANamedErrorWhileAnotherLinkKeepsWorking(String what, String hex,
      String rule, String message) throws Exception {
    Good good = Good.create(fx);
    for (SocketAddress address : List.of(SocketAddress.inetSocketAddress(fx.proxy.tcpPort(), "127.0.0.1"),
        SocketAddress.domainSocketAddress(fx.socket.toString()))) {
      try (RawSssPeer bad = RawSssPeer.connect(fx.clientVertx, address)) {
        bad.send(hex);
        bad.awaitClosed();
      }
      JsonObject notice = notices.poll(10, TimeUnit.SECONDS);
      assertThat(notice).as("notice for %s over %s", what, address).isNotNull();
      assertThat(notice.getString("rule")).isEqualTo(rule);
      assertThat(notice.getString("error")).contains(message);
      assertThat(notice.getString("carrier")).isEqualTo(address.isDomainSocket() ? "uds" : "tcp");
    }
    good.runsToCompletion();
    awaitBaseline();
  }

  @Test
  void aClientThatSendsNoStreamtypeWithinThreeSecondsIsClosedWithTimeout() throws Exception {
    Good good = Good.create(fx);
    try (RawSssPeer silent = RawSssPeer.connect(fx.clientVertx,
        SocketAddress.inetSocketAddress(fx.proxy.tcpPort(), "127.0.0.1"))) {
      silent.awaitClosed();
    }
    JsonObject notice = notices.poll(10, TimeUnit.SECONDS);
    assertThat(notice.getString("rule")).isEqualTo("TIMEOUT");
    assertThat(notice.getString("error")).isEqualTo("STREAMTYPE did not arrive within 3000 ms");
    good.runsToCompletion();
  }

  @Test
  void aLinkCutAtEveryByteOffsetOfAValidExchangeLeavesNothingBehind() throws Exception {
    String exchange = RawSssPeer.streamType("get") + "ae000c056374797065746578742f78" + "ab0000";
    byte[] bytes = HEX.parseHex(exchange);
    List<Integer> boundaries = List.of(bytes.length - 3 - 15, bytes.length - 3, bytes.length);
    Good good = Good.create(fx);
    for (SocketAddress address : List.of(SocketAddress.domainSocketAddress(fx.socket.toString()),
        SocketAddress.inetSocketAddress(fx.proxy.tcpPort(), "127.0.0.1"))) {
      int inside = 0;
      for (int cut = 1; cut < bytes.length; cut++) {
        try (RawSssPeer peer = RawSssPeer.connect(fx.clientVertx, address)) {
          peer.send(java.util.Arrays.copyOf(bytes, cut));
          if (cut >= boundaries.get(0)) {
            peer.awaitFrame("56"); // created: the cut then lands in a later frame
          }
        }
        if (!boundaries.contains(cut)) {
          inside++;
          JsonObject notice = notices.poll(10, TimeUnit.SECONDS);
          assertThat(notice).as("cut at %d over %s", cut, address).isNotNull();
          assertThat(notice.getString("rule")).as("cut at %d over %s", cut, address).isEqualTo("TRUNCATED");
          assertThat(notice.getString("carrier")).isEqualTo(address.isDomainSocket() ? "uds" : "tcp");
        }
      }
      assertThat(inside).isEqualTo(bytes.length - 1 - 2);
    }
    // the stream on its own link, made before the cuts, still works
    good.runsToCompletion();
    awaitBaseline();
    assertThat(notices).isEmpty();
  }

  private void awaitBaseline() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonObject s = fx.proxy.stats();
      return s.getLong("links") == 0 && s.getLong("sessions") == 0 && s.getLong("onward") == 0;
    });
  }

  /** A stream on its own link, created before the bad input and run to completion after it. */
  static final class Good implements StreamHandler {
    final List<StreamState> states = new CopyOnWriteArrayList<>();
    final Buffer rx = Buffer.buffer();
    SecureStream stream;

    static Good create(ProxyFixture fx) throws Exception {
      Good g = new Good();
      g.stream = fx.client(fx.tcpAddress()).create("get", g).await(10, TimeUnit.SECONDS);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> g.states.contains(StreamState.CREATING));
      return g;
    }

    @Override
    public synchronized CallbackResult rx(Buffer payload, int flags) {
      rx.appendBuffer(payload);
      return CallbackResult.OK;
    }

    @Override
    public CallbackResult state(StreamState state, long ack) {
      states.add(state);
      return CallbackResult.OK;
    }

    void runsToCompletion() {
      stream.requestTx();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(StreamState.QOS_ACK_REMOTE));
      synchronized (this) {
        assertThat(rx.toString()).isEqualTo("got 0");
      }
      stream.destroy();
    }
  }
}
