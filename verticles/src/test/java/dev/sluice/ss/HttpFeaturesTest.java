package dev.sluice.ss;

import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.CONNECTING;
import static dev.sluice.ss.StreamState.CREATING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.POLL;
import static dev.sluice.ss.StreamState.QOS_ACK_REMOTE;
import static dev.sluice.ss.StreamState.QOS_NACK_REMOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.CapturedLogs;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy's HTTP features one by one against a Vert.x server on 127.0.0.1: methods and bodies,
 * {@code ${}} expansion and URL endpoints, redirects, Retry-After, auth headers, the perf JSON,
 * h2 long poll with validity pings, and nailed-up reconnection.
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class HttpFeaturesTest {

  /** Request record kept by the server: method, uri, version, some headers and the body. */
  record Seen(String method, String uri, String version, String contentLength, String transferEncoding,
      String authorization, String body) {}

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private int port;
  private volatile Consumer<HttpServerRequest> route = req -> req.response().end("hello");
  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pings = new AtomicInteger();

  @BeforeEach
  void startServer(Vertx vertx) throws Exception {
    this.vertx = vertx;
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .connectionHandler(c -> {
          connections.incrementAndGet();
          c.pingHandler(p -> pings.incrementAndGet());
        })
        .requestHandler(req -> req.body().onSuccess(body -> {
          seen.add(new Seen(req.method().name(), req.uri(), req.version().name(), req.getHeader("content-length"),
              req.getHeader("transfer-encoding"), req.getHeader("authorization"), body.toString()));
          route.accept(req);
        }));
    server.listen(0).await(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }

  private SecureStreams deploy(String streamtypes) throws Exception {
    return deploy(streamtypes, new JsonObject());
  }

  private SecureStreams deploy(String streamtypes, JsonObject hosts) throws Exception {
    String policy = """
        {"release": "t1", "product": "test", "schema-version": 1,
         "retry": [{"quick": {"backoff": [20, 40], "conceal": 2, "jitterpc": 1}},
                   {"pinging": {"backoff": [20], "conceal": 1, "jitterpc": 1, "svalidping": 1, "svalidhup": 5}},
                   {"forever": {"backoff": [20], "conceal": 65535, "jitterpc": 1}}],
         "s": [{%s}]}""".formatted(streamtypes.replace("PORT", Integer.toString(port)));
    SluiceTestRuntime.deploy(vertx, dir, policy, hosts);
    return SecureStreams.create(vertx);
  }

  private static RecordingHandler runUntil(SecureStream s, RecordingHandler h, StreamState state) {
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(state));
    return h;
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
  void eachMethodIsSentAsThePolicySays(String method) throws Exception {
    route = req -> req.response().end(req.method().name() + " done");
    SecureStreams ss = deploy("""
        "m": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_method": "%s",
              "http_url": "/thing", "retry": "quick"}""".formatted(method));
    RecordingHandler h = new RecordingHandler().send("payload of " + method);
    SecureStream s = ss.create("m", h).await(5, TimeUnit.SECONDS);
    s.requestTx();
    runUntil(s, h, DISCONNECTED);
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
    assertThat(seen).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo(method);
      assertThat(r.uri()).isEqualTo("/thing");
    });
    assertThat(h.rxText()).isEqualTo(method + " done");
  }

  @Test
  void aBodyWithoutALengthHintGoesChunkedOnH1() throws Exception {
    SecureStreams ss = deploy("""
        "post": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_method": "POST",
                 "http_url": "/up", "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler()
        .send(Buffer.buffer("one,"), StreamFlags.SOM)
        .send(Buffer.buffer("two,"), 0)
        .send(Buffer.buffer("three"), StreamFlags.EOM);
    SecureStream s = ss.create("post", h).await(5, TimeUnit.SECONDS);
    h.drainInto(s);
    s.requestTx();
    runUntil(s, h, DISCONNECTED);
    assertThat(seen).singleElement().satisfies(r -> {
      assertThat(r.body()).isEqualTo("one,two,three");
      assertThat(r.transferEncoding()).isEqualTo("chunked");
      assertThat(r.contentLength()).isNull();
    });
  }

  @Test
  void aBodyOnH2GoesAsDataFramesWithOrWithoutALength() throws Exception {
    SecureStreams ss = deploy("""
        "post2": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h2", "http_method": "POST",
                  "http_url": "/up2", "retry": "quick"}""");
    RecordingHandler sized = new RecordingHandler().send("twelve bytes");
    SecureStream a = ss.create("post2", sized).await(5, TimeUnit.SECONDS);
    a.requestTx(12);
    runUntil(a, sized, DISCONNECTED);
    RecordingHandler unsized = new RecordingHandler()
        .send(Buffer.buffer("first "), StreamFlags.SOM)
        .send(Buffer.buffer("second"), StreamFlags.EOM);
    SecureStream b = ss.create("post2", unsized).await(5, TimeUnit.SECONDS);
    unsized.drainInto(b);
    b.requestTx();
    runUntil(b, unsized, DISCONNECTED);
    assertThat(seen).extracting(Seen::version).containsOnly("HTTP_2");
    assertThat(seen).extracting(Seen::body).containsExactly("twelve bytes", "first second");
    assertThat(seen).extracting(Seen::contentLength).containsExactly("12", null);
    assertThat(sized.states()).contains(QOS_ACK_REMOTE);
    assertThat(unsized.states()).contains(QOS_ACK_REMOTE);
  }

  @Test
  void metadataIsExpandedInAUrlEndpointAndTheHttpUrl() throws Exception {
    SecureStreams ss = deploy("""
        "expand": {"endpoint": "http://${host}:PORT/api/v1", "protocol": "h1",
                   "http_url": "items/${id}?view=${view}", "metadata": [{"host": ""}, {"id": ""}, {"view": ""}],
                   "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("expand", Map.of("host", "127.0.0.1", "id", "42", "view", "full"), h)
        .await(5, TimeUnit.SECONDS);
    s.requestTx();
    runUntil(s, h, DISCONNECTED);
    assertThat(seen).singleElement().extracting(Seen::uri).isEqualTo("/api/v1/items/42?view=full");
    // The metadata is read at connect time: a change applies to the next transaction.
    s.setMetadata("id", "43");
    s.requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
    assertThat(seen).extracting(Seen::uri).last().isEqualTo("/api/v1/items/43?view=full");
  }

  @Test
  void redirectsAreFollowedOnlyWhenAllowed() throws Exception {
    route = req -> {
      if (req.path().equals("/from")) {
        req.response().setStatusCode(302).putHeader("location", "/to").end();
      } else {
        req.response().end("arrived");
      }
    };
    SecureStreams ss = deploy("""
        "follow": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/from",
                   "allow_redirects": true, "retry": "quick"},
        "stay": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/from", "retry": "quick"},
        "failing": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/from",
                    "allow_redirects": true, "http_fail_redirect": true, "retry": "quick"}""");
    RecordingHandler follow = new RecordingHandler();
    ss.create("follow", follow).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> follow.saw(DISCONNECTED));
    assertThat(follow.stateEvents()).extracting(Object::toString).contains("QOS_ACK_REMOTE(200)");
    assertThat(follow.rxText()).isEqualTo("arrived");

    for (String type : List.of("stay", "failing")) {
      RecordingHandler h = new RecordingHandler();
      ss.create(type, h).await(5, TimeUnit.SECONDS).requestTx();
      await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(DISCONNECTED));
      assertThat(h.stateEvents()).as(type).extracting(Object::toString).contains("QOS_NACK_REMOTE(302)")
          .doesNotContain("QOS_ACK_REMOTE(200)");
    }
    assertThat(seen).extracting(Seen::uri).containsExactly("/from", "/to", "/from", "/from");
  }

  @Test
  void a503WithRetryAfterIsRetriedAfterTheServersDelay() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    route = req -> {
      if (calls.incrementAndGet() == 1) {
        req.response().setStatusCode(503).putHeader("retry-after", "1").end("busy");
      } else {
        req.response().end("now");
      }
    };
    SecureStreams ss = deploy("""
        "busy": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler();
    ss.create("busy", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(QOS_ACK_REMOTE));
    List<RecordingHandler.StateEvent> events = h.stateEvents();
    RecordingHandler.StateEvent firstDisconnect = events.stream().filter(e -> e.state() == DISCONNECTED)
        .findFirst().orElseThrow();
    assertThat(firstDisconnect.ack()).as("ms until the reconnect: the server's Retry-After")
        .isGreaterThanOrEqualTo(1000);
    assertThat(h.states()).containsSubsequence(CONNECTED, DISCONNECTED, CONNECTING, CONNECTED, QOS_ACK_REMOTE);
    assertThat(h.rxText()).endsWith("now");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void theAuthTokenGoesInTheDeclaredHeaderAndNeverIntoALog() throws Exception {
    String token = "tok-" + Long.toHexString(System.nanoTime()) + "-secret";
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    route = req -> req.response().setStatusCode(req.getHeader("authorization") == null ? 401 : 200).end();
    try (CapturedLogs logs = new CapturedLogs()) {
      SecureStreams ss = deploy("""
          "authed": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "http_url": "/me",
                     "http_auth_header": "authorization:", "http_auth_preamble": "Bearer ", "retry": "quick"}""",
          new JsonObject().put("http", new JsonObject().put("authTokenFile", tokenFile.toString())));
      RecordingHandler h = new RecordingHandler();
      ss.create("authed", h).await(5, TimeUnit.SECONDS).requestTx();
      await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(DISCONNECTED));
      assertThat(h.stateEvents()).extracting(Object::toString).contains("QOS_ACK_REMOTE(200)");
      assertThat(seen).singleElement().extracting(Seen::authorization).isEqualTo("Bearer " + token);
      assertThat(logs.lines()).as("debug logs of the whole exchange").isNotEmpty()
          .noneMatch(line -> line.contains(token));
    }
  }

  @Test
  void perfDeliversTheConnectionTimingJsonAsAnExtraRx() throws Exception {
    SecureStreams ss = deploy("""
        "timed": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h1", "perf": true, "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler();
    ss.create("timed", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(DISCONNECTED));
    List<RecordingHandler.RxPiece> perf = h.rxPieces().stream().filter(p -> p.has(StreamFlags.PERF_JSON)).toList();
    assertThat(perf).hasSize(1);
    JsonObject j = new JsonObject(perf.get(0).payload());
    assertThat(j.fieldNames()).contains("peer", "dns_us", "sockconn_us", "tls_us", "txn_resp_us", "dns",
        "prot_specific");
    assertThat(j.getString("peer")).isEqualTo("127.0.0.1");
    assertThat(j.getJsonObject("prot_specific")).isEqualTo(new JsonObject().put("protocol", "http").put("resp", 200));
    assertThat(h.rxPieces().stream().filter(p -> !p.has(StreamFlags.PERF_JSON))
        .map(p -> p.payload().toString()).reduce("", String::concat)).isEqualTo("hello");
  }

  @Test
  void anH2LongPollReceivesAsyncRxWhileOtherStreamsShareTheConnectionAndPingsKeepItChecked() throws Exception {
    HttpServerResponse[] held = new HttpServerResponse[1];
    route = req -> {
      if (req.path().equals("/events")) {
        held[0] = req.response().setChunked(true);
        held[0].write("event-1;");
      } else {
        req.response().end("quick answer");
      }
    };
    SecureStreams ss = deploy("""
        "events": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h2", "http_url": "/events",
                   "long_poll": true, "retry": "pinging"},
        "other": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h2", "http_url": "/other", "retry": "quick"}""");
    RecordingHandler h = new RecordingHandler();
    ss.create("events", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.rxText().equals("event-1;"));
    assertThat(ss.fetch("other", Map.of()).await(10, TimeUnit.SECONDS).toString()).isEqualTo("quick answer");
    // The held stream still delivers whatever the server sends, whenever it sends it.
    vertx.runOnContext(v -> held[0].write("event-2;"));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.rxText().equals("event-1;event-2;"));
    await().atMost(Duration.ofSeconds(10)).alias("svalidping 1 s sends h2 PINGs while the poll is open")
        .until(() -> pings.get() >= 2);
    vertx.runOnContext(v -> held[0].end("last"));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(DISCONNECTED));
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
    assertThat(h.rxText()).isEqualTo("event-1;event-2;last");
    assertThat(connections.get()).as("the long poll and the other stream share one h2 connection").isEqualTo(1);
  }

  @Test
  void aNailedUpStreamConnectsAtCreateAndReconnectsWhenTheConnectionDrops() throws Exception {
    route = req -> {
      HttpServerResponse r = req.response().setChunked(true);
      r.write("hello " + seen.size() + ";");
      if (seen.size() == 1) {
        req.connection().close(); // the first connection drops mid-response
      }
    };
    SecureStreams ss = deploy("""
        "pinned": {"endpoint": "127.0.0.1", "port": PORT, "protocol": "h2", "http_url": "/feed",
                   "nailed_up": true, "long_poll": true, "retry": "forever"}""");
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create("pinned", h).await(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).alias("connected with no requestTx, then again after the drop")
        .until(() -> h.states().stream().filter(st -> st == CONNECTED).count() >= 2);
    assertThat(h.states()).containsSubsequence(CREATING, CONNECTING, CONNECTED, DISCONNECTED, CONNECTING, CONNECTED);
    assertThat(h.stateEvents().stream().filter(e -> e.state() == DISCONNECTED).findFirst().orElseThrow().ack())
        .as("DISCONNECTED says a reconnect follows").isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.rxText().contains("hello 2;"));
    assertThat(h.rxText()).startsWith("hello 1;");
    assertThat(connections.get()).isEqualTo(2);
    s.destroy().await(5, TimeUnit.SECONDS);
  }
}
