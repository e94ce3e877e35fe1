package dev.sluice.ss;

import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.DESTROYING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.QOS_ACK_REMOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application API's contract, whatever the protocol: where callbacks run, what their return
 * values do, destroying from inside a callback, argument errors, and the Vert.x stream view with
 * back-pressure reaching the server.
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class StreamApiTest {

  private static final int BIG = 16 * 1024 * 1024;

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private volatile Consumer<HttpServerRequest> route = req -> req.response().end("hello");
  private SecureStreams ss;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(req -> route.accept(req));
    server.listen(0).await(10, TimeUnit.SECONDS);
    SluiceTestRuntime.deploy(vertx, dir, """
        {"retry": [{"quick": {"backoff": [20], "conceal": 1, "jitterpc": 1}}],
         "s": [{
           "get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/get", "retry": "quick",
                   "metadata": [{"tenant": "x-tenant:"}]},
           "post": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_method": "POST",
                    "http_url": "/post", "retry": "quick"}
         }]}""".formatted(server.actualPort()));
    ss = SecureStreams.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void callbacksRunOnTheEventLoopOfTheContextThatCreatedTheStream() throws Exception {
    List<String> verticleThreads = new CopyOnWriteArrayList<>();
    List<RecordingHandler> handlers = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) {
      vertx.deployVerticle(new VerticleBase() {
        @Override
        public Future<?> start() {
          verticleThreads.add(Thread.currentThread().getName());
          RecordingHandler h = new RecordingHandler();
          handlers.add(h);
          return SecureStreams.create(vertx).create("get", h).onSuccess(SecureStream::requestTx);
        }
      }).await(10, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> handlers.stream().allMatch(h -> h.saw(DISCONNECTED)));
    for (int i = 0; i < 3; i++) {
      assertThat(verticleThreads.get(i)).startsWith("vert.x-eventloop-thread-");
      assertThat(handlers.get(i).threads()).as("stream %d", i).isNotEmpty().containsOnly(verticleThreads.get(i));
    }
  }

  @Test
  void destroyMeFromRxEndsTheStreamAndNothingIsCalledAfterDestroying() throws Exception {
    route = req -> {
      if (req.path().equals("/post")) {
        req.response().end("hello");
        return;
      }
      HttpServerResponse r = req.response().setChunked(true);
      r.write("first");
      vertx.setTimer(50, t -> r.end("second"));
    };
    AtomicInteger after = new AtomicInteger();
    AtomicBoolean destroyingSeen = new AtomicBoolean();
    RecordingHandler h = new RecordingHandler() {
      @Override
      public CallbackResult rx(Buffer payload, int flags) {
        super.rx(payload, flags);
        return CallbackResult.DESTROY_ME;
      }

      @Override
      public CallbackResult state(StreamState state, long ack) {
        if (destroyingSeen.get()) {
          after.incrementAndGet();
        }
        destroyingSeen.compareAndSet(false, state == DESTROYING);
        return super.state(state, ack);
      }
    };
    ss.create("get", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(DESTROYING));
    // A request that completes afterwards proves the loop went on; the destroyed stream hears nothing.
    assertThat(ss.fetch("post", Map.of(), Buffer.buffer("x")).await(10, TimeUnit.SECONDS).toString()).isEqualTo("hello");
    assertThat(h.rxText()).isEqualTo("first");
    assertThat(h.states()).doesNotContain(QOS_ACK_REMOTE).endsWith(DESTROYING);
    assertThat(after.get()).isZero();
  }

  @Test
  void destroyCalledInsideACallbackIsSafe() throws Exception {
    Promise<Void> destroyed = Promise.promise();
    RecordingHandler h = new RecordingHandler();
    SecureStream[] self = new SecureStream[1];
    StreamHandler destroyer = new StreamHandler() {
      @Override
      public CallbackResult state(StreamState state, long ack) {
        h.state(state, ack);
        if (state == CONNECTED) {
          self[0].destroy().onComplete(destroyed);
        }
        return CallbackResult.OK;
      }
    };
    // Headers and a first piece, never the end: only the destroy can end this stream.
    route = req -> req.response().setChunked(true).write("partial");
    self[0] = ss.create("get", destroyer).await(5, TimeUnit.SECONDS);
    self[0].requestTx();
    destroyed.future().await(10, TimeUnit.SECONDS);
    assertThat(h.states()).containsSubsequence(CONNECTED, DESTROYING).doesNotContain(QOS_ACK_REMOTE);
    assertThat(h.states().stream().filter(s -> s == DESTROYING).count()).isOne();
  }

  @Test
  void disconnectMeFromAStateCallbackDropsTheConnectionWithoutAnAck() throws Exception {
    route = req -> req.response().setChunked(true).write("never ends");
    RecordingHandler h = new RecordingHandler() {
      @Override
      public CallbackResult state(StreamState state, long ack) {
        super.state(state, ack);
        return state == CONNECTED ? CallbackResult.DISCONNECT_ME : CallbackResult.OK;
      }
    };
    ss.create("get", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(DISCONNECTED));
    assertThat(h.states()).doesNotContain(QOS_ACK_REMOTE);
  }

  @Test
  void txDontSendWaitsForTheNextRequestTx() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    route = req -> req.body().onSuccess(b -> {
      bodies.add(b.toString());
      req.response().end("got it");
    });
    AtomicInteger asked = new AtomicInteger();
    StreamHandler lazy = new StreamHandler() {
      @Override
      public TxResult tx(TxRequest request) {
        return asked.incrementAndGet() == 1 ? TxResult.dontSend()
            : TxResult.send(Buffer.buffer("the body"), StreamFlags.SOM | StreamFlags.EOM);
      }
    };
    SecureStream s = ss.create("post", lazy).await(5, TimeUnit.SECONDS);
    s.requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 1);
    assertThat(bodies).isEmpty();
    s.requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 1);
    assertThat(bodies).containsExactly("the body");
    assertThat(asked.get()).isEqualTo(2);
  }

  @Test
  void argumentErrorsNameWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> ss.create("nope", new RecordingHandler()).await(5, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown streamtype \"nope\"");
    assertThatThrownBy(() -> ss.create("get", Map.of("tenatn", "a"), new RecordingHandler()).await(5, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenatn").hasMessageContaining("get");
    SecureStream s = ss.create("get", new RecordingHandler()).await(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> s.setMetadata("colour", "red"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
    assertThatThrownBy(() -> s.requestTx(-1)).isInstanceOf(IllegalArgumentException.class);
    s.setMetadata("tenant", "acme");
    assertThat(s.metadata("tenant")).contains("acme");
    s.destroy().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aChannelPipedIntoASlowConsumerHoldsTheServerBackThenDeliversEveryByte() throws Exception {
    AtomicBoolean serverBlocked = new AtomicBoolean();
    List<String> bodies = new CopyOnWriteArrayList<>();
    route = req -> req.body().onSuccess(body -> {
      bodies.add(body.toString());
      HttpServerResponse r = req.response().putHeader("content-length", Integer.toString(BIG));
      writeBig(r, 0, serverBlocked);
    });
    StreamChannel ch = ss.open("post", Map.of()).await(5, TimeUnit.SECONDS);
    GatedSink sink = new GatedSink();
    Promise<Void> piped = Promise.promise();
    vertx.runOnContext(v -> {
      ch.write(Buffer.buffer("part 1,"));
      ch.write(Buffer.buffer("part 2"));
      ch.end();
      ch.pipeTo(sink).onComplete(piped);
    });
    await().atMost(Duration.ofSeconds(20)).alias("the server's write queue fills while the consumer holds")
        .until(serverBlocked::get);
    assertThat(sink.heldBytes()).as("the client stopped reading instead of buffering the body").isLessThan(BIG / 2);
    vertx.runOnContext(v -> sink.open());
    piped.future().await(30, TimeUnit.SECONDS);
    assertThat(sink.received.get()).isEqualTo(BIG);
    assertThat(sink.checksumOk.get()).as("bytes arrive in order").isTrue();
    assertThat(bodies).containsExactly("part 1,part 2");
  }

  @Test
  void aChannelReportsAFailedStreamToItsExceptionHandler() throws Exception {
    route = req -> req.response().setStatusCode(403).end();
    StreamChannel ch = ss.open("get", Map.of()).await(5, TimeUnit.SECONDS);
    Promise<Throwable> failure = Promise.promise();
    vertx.runOnContext(v -> {
      ch.exceptionHandler(failure::tryComplete);
      ch.handler(b -> { });
      ch.stream().requestTx();
    });
    Throwable t = failure.future().await(10, TimeUnit.SECONDS);
    assertThat(t).isInstanceOf(StreamFailedException.class).hasMessageContaining("QOS_NACK_REMOTE (403)");
  }

  /** Writes BIG bytes whose value is their offset mod 251, respecting the write queue. */
  private static void writeBig(HttpServerResponse r, int from, AtomicBoolean blocked) {
    int offset = from;
    while (offset < BIG) {
      if (r.writeQueueFull()) {
        blocked.set(true);
        int resume = offset;
        r.drainHandler(v -> writeBig(r, resume, blocked));
        return;
      }
      int n = Math.min(64 * 1024, BIG - offset);
      byte[] chunk = new byte[n];
      for (int i = 0; i < n; i++) {
        chunk[i] = (byte) ((offset + i) % 251);
      }
      offset += n;
      r.write(Buffer.buffer(chunk));
    }
    r.end();
  }

  /** A consumer that reports itself full until opened, then takes everything, checking the pattern. */
  private static final class GatedSink implements WriteStream<Buffer> {
    final AtomicLong received = new AtomicLong();
    final AtomicBoolean checksumOk = new AtomicBoolean(true);
    private final List<Buffer> held = new CopyOnWriteArrayList<>();
    private boolean open;
    private Handler<Void> drain;

    long heldBytes() {
      return held.stream().mapToLong(Buffer::length).sum();
    }

    void open() {
      open = true;
      held.forEach(this::take);
      held.clear();
      if (drain != null) {
        drain.handle(null);
      }
    }

    private void take(Buffer b) {
      long base = received.get();
      for (int i = 0; i < b.length(); i++) {
        if (b.getByte(i) != (byte) ((base + i) % 251)) {
          checksumOk.set(false);
          break;
        }
      }
      received.addAndGet(b.length());
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (open) {
        take(data);
      } else {
        held.add(data);
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return !open;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      this.drain = handler;
      return this;
    }
  }
}
