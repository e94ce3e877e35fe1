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
import dev.sluice.ss.spi.ServerDispatchers;
import dev.sluice.ss.spi.ServerRequestDispatcher;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Graceful shutdown of a listener, and a server streamtype mounted on another HttpServer. */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class HttpServerLifecycleTest {

  @TempDir Path dir;

  /** Holds each request until released; records states. */
  private static final class Held implements StreamHandler {
    final SecureStream stream;
    final List<StreamState> states = new CopyOnWriteArrayList<>();

    Held(SecureStream stream, Queue<Held> held) {
      this.stream = stream;
      held.add(this);
    }

    @Override
    public CallbackResult state(StreamState state, long ack) {
      states.add(state);
      return CallbackResult.OK;
    }

    @Override
    public TxResult tx(TxRequest request) {
      return TxResult.send(Buffer.buffer("drained"), StreamFlags.SOM | StreamFlags.EOM);
    }

    void release() {
      stream.serverAck();
      stream.requestTx(7);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP_1_1", "HTTP_2"})
  void closingDrainsARequestInFlightAndRefusesNewConnections(String version, Vertx vertx) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(ServerTestPolicy.server("h2", "")));
    Queue<Held> held = new ConcurrentLinkedQueue<>();
    StreamServer server = SecureStreams.create(vertx).serve("srv", s -> new Held(s, held))
        .await(10, TimeUnit.SECONDS);
    int port = server.actualPort();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.valueOf(version)).setHttp2ClearTextUpgrade(false));
    Future<String> answer = client.request(HttpMethod.GET, port, "127.0.0.1", "/slow")
        .compose(req -> req.send()).compose(HttpClientResponse::body).map(Buffer::toString);
    await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == 1);

    Future<Void> closed = server.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> !accepts(vertx, port));
    assertThat(closed.isComplete()).as("the close waits for the request in flight").isFalse();
    held.peek().release();
    assertThat(answer.await(30, TimeUnit.SECONDS)).isEqualTo("drained");
    closed.await(30, TimeUnit.SECONDS);
    assertThat(held.peek().states).endsWith(StreamState.DISCONNECTED, StreamState.DESTROYING);
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aRequestStillUnansweredAtTheDrainTimeoutIsCutOff(Vertx vertx) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(ServerTestPolicy.server("h1",
        ", \"sluice_drain_timeout_ms\": 500")));
    Queue<Held> held = new ConcurrentLinkedQueue<>();
    StreamServer server = SecureStreams.create(vertx).serve("srv", s -> new Held(s, held))
        .await(10, TimeUnit.SECONDS);
    RawHttpPeer peer = RawHttpPeer.connect(vertx, server.actualPort()).write("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == 1);
    server.close().await(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(peer::isClosed);
    await().atMost(Duration.ofSeconds(30)).until(() -> held.peek().states.contains(StreamState.DESTROYING));
    assertThat(held.peek().states).endsWith(StreamState.DISCONNECTED, StreamState.DESTROYING);
  }

  @Test
  void aDispatcherOnlyStreamtypeIsMountedOnAnotherServerWithPathsRelativeToTheMount(Vertx vertx)
      throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy("""
        "srv": {"server": true, "protocol": "h1", "endpoint": "!web", "metadata": [{"mime": ""}]}"""));
    StreamServer served = SecureStreams.create(vertx)
        .serve("srv", s -> new Responder(s, r -> r.reply("text/plain", true, "mounted ", r.seen.get(":path"), "?",
            r.seen.get(":query")))).await(10, TimeUnit.SECONDS);
    assertThat(served.actualPort()).as("no listener of its own").isEqualTo(-1);
    HttpServer web = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().startsWith("/api/")) {
        ServerDispatchers.of(vertx).dispatcher("srv").ifPresentOrElse(d -> d.dispatch(req, "/api"),
            () -> req.response().setStatusCode(503).end());
      } else {
        req.response().setStatusCode(404).end("static");
      }
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    // A connection per request: the test is about dispatching, not about keep-alive.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    try {
      assertThat(get(client, web.actualPort(), "/api/items?x=1")).isEqualTo("200 mounted /items?x=1");
      assertThat(get(client, web.actualPort(), "/elsewhere")).isEqualTo("404 static");
      served.close().await(10, TimeUnit.SECONDS);
      assertThat(ServerDispatchers.of(vertx).dispatcher("srv")).as("unregistered when no longer served").isEmpty();
      assertThat(get(client, web.actualPort(), "/api/items")).isEqualTo("503 ");
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
      web.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void dispatchingOffAVertxContextIsRefusedWithAClearError(Vertx vertx) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy("""
        "srv": {"server": true, "protocol": "h1", "endpoint": "!web"}"""));
    StreamServer served = SecureStreams.create(vertx).serve("srv", s -> null).await(10, TimeUnit.SECONDS);
    ServerRequestDispatcher d = ServerDispatchers.of(vertx).dispatcher("srv").orElseThrow();
    assertThat(d.streamtype()).isEqualTo("srv");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.dispatch(null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("on the request's context");
    served.close().await(10, TimeUnit.SECONDS);
  }

  private static String get(HttpClient client, int port, String uri) throws Exception {
    return client.request(HttpMethod.GET, port, "127.0.0.1", uri).compose(req -> req.send())
        .compose(r -> r.body().map(b -> r.statusCode() + " " + b)).await(30, TimeUnit.SECONDS);
  }

  private static boolean accepts(Vertx vertx, int port) {
    io.vertx.core.net.NetClient c = vertx.createNetClient();
    try {
      c.connect(port, "127.0.0.1").await(5, TimeUnit.SECONDS).close();
      return true;
    } catch (Exception e) {
      return false;
    } finally {
      c.close();
    }
  }
}
