package dev.sluice.ss;

import static dev.sluice.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.CONNECTING;
import static dev.sluice.ss.StreamState.CREATING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.POLL;
import static dev.sluice.ss.StreamState.QOS_ACK_REMOTE;
import static dev.sluice.ss.StreamState.QOS_NACK_REMOTE;
import static dev.sluice.ss.StreamState.TIMEOUT;
import static dev.sluice.ss.StreamState.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** h1 and h2c client streams against a Vert.x server on 127.0.0.1. */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class HttpStreamTest {

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private int port;
  /** What the test server does with each request; replaced per test. */
  private volatile Consumer<HttpServerRequest> route = req -> req.response().end("hello");
  private final ConcurrentLinkedQueue<String> seenRequests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger connections = new AtomicInteger();

  @BeforeEach
  void startServer(Vertx vertx) throws Exception {
    this.vertx = vertx;
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .connectionHandler(c -> connections.incrementAndGet())
        .requestHandler(req -> {
          seenRequests.add(req.method() + " " + req.uri() + " " + req.version());
          route.accept(req);
        });
    server.listen(0).await(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }

  private SecureStreams deploy(String streamtypes) throws Exception {
    String policy = """
        {"release": "t1", "product": "test", "schema-version": 1,
         "retry": [{"quick": {"backoff": [20, 40], "conceal": 2, "jitterpc": 1}}],
         "s": [{%s}]}""".formatted(streamtypes.replace("PORT", Integer.toString(port)));
    SluiceTestRuntime.deploy(vertx, dir, policy);
    return SecureStreams.create(vertx);
  }

  @Test
  void aGetReportsLwsStatesAndDeliversTheBodyWithSomAndEom() throws Exception {
    SecureStreams ss = deploy("""
        "get": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_method": "GET",
                "http_url": "/hello", "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("get", h).await(5, TimeUnit.SECONDS);
    s.requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(DISCONNECTED));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
    assertThat(h.stateEvents().get(4).ack()).isEqualTo(200);
    assertThat(h.rxText()).isEqualTo("hello");
    List<Integer> flags = h.rxFlags();
    assertThat(flags.get(0) & StreamFlags.SOM).isEqualTo(StreamFlags.SOM);
    assertThat(flags.get(flags.size() - 1) & StreamFlags.EOM).isEqualTo(StreamFlags.EOM);
    assertThat(seenRequests).containsExactly("GET /hello HTTP_1_1");
    assertThat(h.threads()).as("every callback on the stream's one event loop").hasSizeGreaterThan(3)
        .allMatch(t -> t.equals(h.threads().get(0)));
  }

  @Test
  void aPostSendsTheBodyWithContentLengthFromTheHint() throws Exception {
    Buffer[] got = new Buffer[1];
    String[] contentLength = new String[1];
    route = req -> req.body().onSuccess(b -> {
      got[0] = b;
      contentLength[0] = req.getHeader("content-length");
      req.response().end("ok:" + b.length());
    });
    SecureStreams ss = deploy("""
        "post": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_method": "POST",
                 "http_url": "/up", "metadata": [{"ctype": "content-type:"}], "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler()
        .send(Buffer.buffer("part one,"), StreamFlags.SOM)
        .send(Buffer.buffer("part two"), StreamFlags.EOM);
    SecureStream s = ss.create("post", Map.of("ctype", "text/plain"), h).await(5, TimeUnit.SECONDS);
    s.requestTx(17);
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(DISCONNECTED));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
    assertThat(got[0].toString()).isEqualTo("part one,part two");
    assertThat(contentLength[0]).isEqualTo("17");
    assertThat(h.rxText()).isEqualTo("ok:17");
  }

  @Test
  void aNotFoundIsQosNackRemoteWithTheStatus() throws Exception {
    route = req -> req.response().setStatusCode(404).end("nope");
    SecureStreams ss = deploy("""
        "missing": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/x", "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler();
    ss.create("missing", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(DISCONNECTED));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_NACK_REMOTE, DISCONNECTED);
    assertThat(h.stateEvents().get(4).ack()).isEqualTo(404);
  }

  @Test
  void httpExpectAndTheResponseMapDecideTheOutcome() throws Exception {
    route = req -> req.response().setStatusCode(req.path().equals("/a") ? 204 : 530).end();
    SecureStreams ss = deploy("""
        "expect": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/a",
                   "http_expect": 204, "retry": "quick"},
        "mapped": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/b",
                   "http_resp_map": [{"530": 1530}], "retry": "quick"}""");
    RecordingHandler a = new RecordingHandler();
    RecordingHandler b = new RecordingHandler();
    ss.create("expect", a).await(5, TimeUnit.SECONDS).requestTx();
    ss.create("mapped", b).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> a.saw(DISCONNECTED) && b.saw(DISCONNECTED));
    assertThat(a.states()).contains(QOS_ACK_REMOTE);
    assertThat(b.stateEvents()).extracting(Object::toString).contains("USER(1530)", "QOS_NACK_REMOTE(530)");
  }

  @Test
  void metadataIsSentAsHeadersAndFilledFromResponseHeaders() throws Exception {
    String[] seen = new String[1];
    route = req -> {
      seen[0] = req.getHeader("x-device");
      req.response().putHeader("x-reply", "pong").end();
    };
    SecureStreams ss = deploy("""
        "meta": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/${path}",
                 "metadata": [{"path": ""}, {"dev": "X-Device:"}, {"reply": "x-reply:"}], "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("meta", Map.of("path", "some/where", "dev", "d-42"), h).await(5, TimeUnit.SECONDS);
    s.requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(DISCONNECTED));
    assertThat(seen[0]).isEqualTo("d-42");
    assertThat(seenRequests).containsExactly("GET /some/where HTTP_1_1");
    assertThat(s.metadata("reply")).contains("pong");
    assertThatThrownBy(() -> s.setMetadata("nope", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("streamtype \"meta\" declares no metadata \"nope\" (declared: \"path\", \"dev\", \"reply\")");
  }

  @Test
  void anUnreachableEndpointRetriesThenGivesUp() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    SecureStreams ss = deploy("""
        "down": {"endpoint": "127.0.0.1", "port": %d, "protocol": "h1", "retry": "quick"}""".formatted(closed));
    RecordingHandler h = new RecordingHandler();
    ss.create("down", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(ALL_RETRIES_FAILED));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, UNREACHABLE, CONNECTING, UNREACHABLE,
        CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED);
  }

  @Test
  void aServerThatNeverAnswersEndsInTimeout() throws Exception {
    route = req -> { }; // accepts, never answers
    SecureStreams ss = deploy("""
        "slow": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "timeout_ms": 300, "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler();
    ss.create("slow", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.saw(TIMEOUT));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, TIMEOUT);
    assertThat(h.states()).doesNotContain(QOS_ACK_REMOTE);
  }

  @Test
  void fetchCompletesWithTheBodyOrFailsNamingTheState() throws Exception {
    route = req -> {
      if (req.path().equals("/ok")) {
        req.response().end("fetched");
      } else {
        req.response().setStatusCode(500).end();
      }
    };
    SecureStreams ss = deploy("""
        "ok": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/ok", "retry": "quick"},
        "bad": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/bad", "retry": "quick"}""");
    assertThat(ss.fetch("ok", Map.of()).await(5, TimeUnit.SECONDS).toString()).isEqualTo("fetched");
    assertThatThrownBy(() -> ss.fetch("bad", Map.of()).await(5, TimeUnit.SECONDS))
        .isInstanceOf(StreamFailedException.class)
        .hasMessage("stream bad ended in QOS_NACK_REMOTE (500)");
    assertThatThrownBy(() -> ss.fetch("nosuch", Map.of()).await(5, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown streamtype \"nosuch\"");
  }

  @Test
  void h2StreamsToOneEndpointShareOneConnection() throws Exception {
    SecureStreams ss = deploy("""
        "two": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h2", "http_url": "/h2", "retry": "quick"}""");
    List<io.vertx.core.Future<Buffer>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(ss.fetch("two", Map.of()));
    }
    io.vertx.core.Future.all(all).await(10, TimeUnit.SECONDS);
    assertThat(all).allMatch(f -> f.result().toString().equals("hello"));
    assertThat(seenRequests).hasSize(8).allMatch(r -> r.equals("GET /h2 HTTP_2"));
    assertThat(connections.get()).isEqualTo(1);
  }
}
