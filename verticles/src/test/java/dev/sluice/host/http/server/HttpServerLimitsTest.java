package dev.sluice.host.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.test.CapturedLogs;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The limits of every server-stream listener, each against a peer that breaks it; the server keeps serving. */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class HttpServerLimitsTest {

  @TempDir Path dir;
  private Vertx vertx;
  private SecureStreams ss;
  private StreamServer server;
  private final List<Responder> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterEach
  void closeServer() throws Exception {
    if (server != null) {
      server.close().await(30, TimeUnit.SECONDS);
    }
  }

  private int serve(Vertx vertx, String protocol, String limits) throws Exception {
    this.vertx = vertx;
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(ServerTestPolicy.server(protocol, limits)));
    ss = SecureStreams.create(vertx);
    server = ss.serve("srv", s -> {
      Responder r = new Responder(s, x -> x.reply("text/plain", false, "ok:", x.body()));
      accepted.add(r);
      return r;
    }).await(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  /** A normal request still gets its answer. */
  private void stillServes(int port) throws Exception {
    RawHttpPeer p = RawHttpPeer.connect(vertx, port).write("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> p.received().endsWith("0\r\n\r\n"));
    assertThat(p.received()).contains("ok:");
    assertThat(p.received()).startsWith("HTTP/1.1 200 OK");
    p.close();
  }

  @Test
  void aConnectionThatTricklesItsHeadersIsClosedAtTheHeaderDeadline(Vertx vertx) throws Exception {
    trickledHeadersAreClosedAtTheDeadline(vertx, "h1", "did not complete a request's headers within 1500 ms "
        + "(sluice_header_timeout_ms); closed");
  }

  @Test
  void onAnH2StreamtypeInTheClearATricklingFirstRequestIsClosedAtTheHeaderDeadline(Vertx vertx) throws Exception {
    // h2 in the clear takes h2c: Vert.x makes no HTTP connection until the first request's headers
    // are complete, so only the accept-time deadline (AcceptDeadline) can close this peer.
    trickledHeadersAreClosedAtTheDeadline(vertx, "h2", "completed no request headers within 1500 ms of connecting; closed");
  }

  /** A peer trickling its first request on a {@code protocol} listener is closed unanswered; others are served. */
  private void trickledHeadersAreClosedAtTheDeadline(Vertx vertx, String protocol, String logged) throws Exception {
    int port = serve(vertx, protocol, ", \"sluice_header_timeout_ms\": 1500, \"sluice_idle_timeout_ms\": 60000");
    RawHttpPeer slow = RawHttpPeer.connect(vertx, port);
    // 100 header bytes at one every 100 ms would take 10 s: never idle, never complete in time.
    slow.trickle(vertx, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(70) + "\r\n\r\n", 100);
    try (CapturedLogs logs = new CapturedLogs()) {
      stillServes(port);
      await().atMost(Duration.ofSeconds(30)).until(slow::isClosed);
      await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream().anyMatch(l -> l.contains(
          "\"srv\": ") && l.contains("127.0.0.1:") && l.contains(logged)));
    }
    assertThat(slow.received()).as("no answer to a request that never completed").isEmpty();
    assertThat(accepted).as("only the other clients' requests reached the handler").hasSize(1);
    stillServes(port);
  }

  @Test
  void aSilentConnectionIsClosedAtTheIdleTimeout(Vertx vertx) throws Exception {
    int port = serve(vertx, "h2", ", \"sluice_header_timeout_ms\": 600000, \"sluice_idle_timeout_ms\": 500");
    RawHttpPeer silent = RawHttpPeer.connect(vertx, port);
    await().atMost(Duration.ofSeconds(30)).until(silent::isClosed);
    assertThat(silent.received()).isEmpty();
    stillServes(port);
  }

  @Test
  void oversizedHeadersGet431AndAnOverlongRequestLineGets414(Vertx vertx) throws Exception {
    int port = serve(vertx, "h1", "");
    RawHttpPeer big = RawHttpPeer.connect(vertx, port)
        .write("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(8193) + "\r\n\r\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> big.received().contains("\r\n"));
    assertThat(big.received()).startsWith("HTTP/1.1 431 ");
    RawHttpPeer longLine = RawHttpPeer.connect(vertx, port)
        .write("GET /" + "l".repeat(4100) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> longLine.received().contains("\r\n"));
    // The request line was never parsed, so Vert.x answers in HTTP/1.0.
    assertThat(longLine.received()).matches("(?s)HTTP/1\\.[01] 414 .*");
    assertThat(accepted).as("neither request reached the application").isEmpty();
    stillServes(port);
  }

  @Test
  void aBodyOverTheStreamtypeLimitGets413WhetherAnnouncedOrChunked(Vertx vertx) throws Exception {
    int port = serve(vertx, "h1", ", \"sluice_max_body\": 1000");
    CapturedLogs logs = new CapturedLogs();
    RawHttpPeer announced = RawHttpPeer.connect(vertx, port)
        .write("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> announced.received().contains("\r\n"));
    assertThat(announced.received()).startsWith("HTTP/1.1 413 ");
    assertThat(accepted).as("refused before any stream was created").isEmpty();
    assertThat(logs.lines()).anyMatch(l -> l.contains("\"srv\": POST /up announces a body of 1001 bytes, over the "
        + "limit of 1000 (sluice_max_body); refused with 413"));

    RawHttpPeer chunked = RawHttpPeer.connect(vertx, port)
        .write("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 3; i++) {
      chunked.write("190\r\n" + "c".repeat(400) + "\r\n");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> chunked.received().contains("\r\n"));
    assertThat(chunked.received()).startsWith("HTTP/1.1 413 ");
    await().atMost(Duration.ofSeconds(30)).until(chunked::isClosed);
    Responder r = accepted.get(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> r.states.contains(StreamState.DESTROYING));
    assertThat(r.rxFlags).as("the pieces before the limit, none with EOM")
        .noneMatch(f -> StreamFlags.has(f, StreamFlags.EOM));
    assertThat(logs.lines()).anyMatch(l -> l.contains("http|srv|") && l.contains(" POST /up: request body over the"
        + " limit of 1000 bytes (sluice_max_body); refused"));
    logs.close();
    stillServes(port);
  }

  @Test
  void h2AllowsAHundredConcurrentStreamsAndThe101stWaitsForOneToEnd(Vertx vertx) throws Exception {
    this.vertx = vertx;
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(ServerTestPolicy.server("h2", "")));
    ss = SecureStreams.create(vertx);
    Queue<SecureStream> held = new ConcurrentLinkedQueue<>();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger maxOpen = new AtomicInteger();
    server = ss.serve("srv", s -> new Held(s, held, open, maxOpen)).await(10, TimeUnit.SECONDS);
    HttpClient client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))
        .with(new PoolOptions().setHttp2MaxSize(1)).build();
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      answers.add(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/" + i)
          .compose(req -> req.send()).compose(HttpClientResponse::body).map(Buffer::toString));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> held.size() == 100);
    // The peer learnt SETTINGS_MAX_CONCURRENT_STREAMS = 100: the 101st request waits on its side.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> held.size() == 100);
    assertThat(server.streams()).isEqualTo(100);
    release(held.poll());
    await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == 100 && open.get() == 100);
    SecureStream s;
    while ((s = held.poll()) != null) {
      release(s);
    }
    List<String> bodies = Future.all(answers).await(60, TimeUnit.SECONDS).list();
    assertThat(bodies).hasSize(101).allMatch("held"::equals);
    assertThat(maxOpen.get()).isEqualTo(100);
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void rapidResetProtectionIsLeftOnAtVertxDefaults() {
    HttpServerOptions o = ServerLimits.of(new dev.sluice.policy.StreamType("x", java.util.Map.of()))
        .apply(new HttpServerOptions());
    HttpServerOptions defaults = new HttpServerOptions();
    assertThat(o.getHttp2RstFloodMaxRstFramePerWindow()).isPositive()
        .isEqualTo(defaults.getHttp2RstFloodMaxRstFramePerWindow());
    assertThat(o.getHttp2RstFloodWindowDuration()).isEqualTo(defaults.getHttp2RstFloodWindowDuration());
    assertThat(o.getInitialSettings().getMaxConcurrentStreams()).isEqualTo(100);
    assertThat(o.getIdleTimeout()).isEqualTo(30_000);
  }

  private static void release(SecureStream s) {
    s.serverAck();
    s.requestTx(4);
  }

  /** Holds each request unanswered until the test releases it; counts how many are open at once. */
  private static final class Held implements StreamHandler {
    private final SecureStream stream;
    private final Queue<SecureStream> held;
    private final AtomicInteger open;
    private final AtomicInteger maxOpen;

    Held(SecureStream stream, Queue<SecureStream> held, AtomicInteger open, AtomicInteger maxOpen) {
      this.stream = stream;
      this.held = held;
      this.open = open;
      this.maxOpen = maxOpen;
    }

    @Override
    public CallbackResult state(StreamState state, long ack) {
      if (state == StreamState.SERVER_TXN) {
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        held.add(stream);
      } else if (state == StreamState.DESTROYING) {
        open.decrementAndGet();
      }
      return CallbackResult.OK;
    }

    @Override
    public TxResult tx(TxRequest request) {
      return TxResult.send(Buffer.buffer("held"), StreamFlags.SOM | StreamFlags.EOM);
    }
  }
}
