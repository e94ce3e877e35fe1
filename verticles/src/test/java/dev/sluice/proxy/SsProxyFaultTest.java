package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ss.SecureStreams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.transport.Transport;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around the proxy, each repeated 100 times: a client that dies mid-rx or mid-tx, an
 * upstream that dies, an onward connect that fails. Afterwards the proxy holds no link, session
 * or onward stream and the upstream server no connection. And h2 sharing: streams of three
 * separate clients through the proxy to one h2c server share one connection.
 */
class SsProxyFaultTest {

  private static final int REPETITIONS = 100;
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private Vertx serverVertx;
  private HttpServer server;
  /** Connections open at the server now, and ever. */
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger ever = new AtomicInteger();
  private ProxyFixture fx;

  @BeforeEach
  void start() throws Exception {
    serverVertx = Vertx.vertx();
    server = serverVertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .connectionHandler(c -> {
          open.incrementAndGet();
          ever.incrementAndGet();
          c.closeHandler(v -> open.decrementAndGet());
        })
        .requestHandler(r -> {
          switch (r.path()) {
            case "/stream" -> r.response().setChunked(true).write(Buffer.buffer(new byte[1000]));
            case "/upload" -> r.body().onSuccess(b -> r.response().end("got " + b.length()));
            case "/die" -> {
              r.response().setChunked(true).write("partial");
              r.connection().close();
            }
            default -> r.response().end("h2 " + r.version());
          }
        });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    fx = ProxyFixture.start(dir, """
        {"s": [{
           "stream": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/stream"},
           "upload": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/upload",
                      "http_method": "POST"},
           "die": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/die"},
           "down": {"endpoint": "127.0.0.1", "port": %2$d, "protocol": "h1", "http_url": "/"},
           "h2get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h2", "http_url": "/h2"}
         }]}""".formatted(server.actualPort(), closedPort));
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  private SocketAddress tcp() {
    return SocketAddress.inetSocketAddress(fx.proxy.tcpPort(), "127.0.0.1");
  }

  private void awaitBaseline(String after) {
    Awaitility.await(after).atMost(Duration.ofSeconds(20)).until(() -> {
      JsonObject s = fx.proxy.stats();
      return s.getLong("links") == 0 && s.getLong("sessions") == 0 && s.getLong("onward") == 0
          && open.get() == 0;
    });
  }

  @Test
  void aClientThatDiesMidRxLeavesNothingOpen() throws Exception {
    for (int i = 0; i < REPETITIONS; i++) {
      try (RawSssPeer peer = RawSssPeer.connect(fx.clientVertx, tcp())) {
        peer.send(RawSssPeer.streamType("stream") + "ab0000");
        peer.awaitFrame("55"); // payload is flowing
      }
    }
    awaitBaseline("after clients died mid-rx");
    assertThat(ever.get()).isEqualTo(REPETITIONS);
  }

  @Test
  void aClientThatDiesMidTxLeavesNothingOpen() throws Exception {
    String piece = "ad" + String.format("%04x", 16 + 1000) + "00000001" + "00000000" + "0000000000000000"
        + HEX.formatHex(new byte[1000]);
    for (int i = 0; i < REPETITIONS; i++) {
      try (RawSssPeer peer = RawSssPeer.connect(fx.clientVertx, tcp())) {
        peer.send(RawSssPeer.streamType("upload") + "b10004000186a0" + "ab0000");
        peer.awaitFrame("5700050500000000");
        peer.send(piece); // 1000 of the 100000 bytes announced
      }
    }
    awaitBaseline("after clients died mid-tx");
  }

  @Test
  void anUpstreamThatDiesAndAnOnwardConnectThatFailsLeaveNothingOpen() throws Exception {
    SecureStreams ss = fx.client(fx.tcpAddress());
    int failed = 0;
    for (int i = 0; i < REPETITIONS; i++) {
      for (String type : List.of("die", "down")) {
        try {
          ss.fetch(type, Map.of()).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          failed++;
        }
      }
    }
    assertThat(failed).isEqualTo(2 * REPETITIONS);
    awaitBaseline("after upstreams died and connects failed");
  }

  @Test
  void streamsOfThreeSeparateClientsToOneH2ServerShareOneConnection() throws Exception {
    List<Vertx> clients = new ArrayList<>();
    try {
      List<Future<Buffer>> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Vertx client = Vertx.builder().withTransport(Transport.EPOLL).build();
        clients.add(client);
        answers.add(SecureStreams.connect(client, fx.udsAddress()).fetch("h2get", Map.of()));
      }
      for (Future<Buffer> a : answers) {
        assertThat(a.await(10, TimeUnit.SECONDS).toString()).isEqualTo("h2 HTTP_2");
      }
      assertThat(fx.proxy.stats().getLong("accepted")).isEqualTo(3);
      assertThat(ever.get()).as("connections the h2 server accepted").isEqualTo(1);
    } finally {
      for (Vertx c : clients) {
        c.close().await(10, TimeUnit.SECONDS);
      }
    }
  }
}
