package dev.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.broker.MqttBrokerOptions;
import dev.sluice.broker.MqttBrokerVerticle;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One suite, several carriers: the same application code (h1 GET, h1 POST with a body, a ws
 * echo, MQTT publish/subscribe at QoS 1 through the embedded broker) must see the same states
 * and the same rx whether its streams are hosted in its own Vert.x or reached through an SS
 * proxy. A subclass per carrier says how {@link SecureStreams} is made.
 *
 * <p>The peers and the carrier are started once for the class (a carrier can be a whole cluster of
 * JVMs); every case destroys the streams it made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StreamContractTest {

  /** The states every carrier must show, one list per scenario. */
  static final List<StreamState> GET_STATES = List.of(StreamState.CREATING, StreamState.CONNECTING,
      StreamState.CONNECTED, StreamState.QOS_ACK_REMOTE, StreamState.DISCONNECTED, StreamState.DESTROYING);
  static final List<StreamState> POST_STATES = List.of(StreamState.CREATING, StreamState.POLL,
      StreamState.CONNECTING, StreamState.CONNECTED, StreamState.QOS_ACK_REMOTE, StreamState.DISCONNECTED,
      StreamState.DESTROYING);
  /** Two retries concealed ("twice": conceal 2), then the stream gives up. */
  static final List<StreamState> UNREACHABLE_STATES = List.of(StreamState.CREATING, StreamState.CONNECTING,
      StreamState.UNREACHABLE, StreamState.CONNECTING, StreamState.UNREACHABLE, StreamState.CONNECTING,
      StreamState.UNREACHABLE, StreamState.ALL_RETRIES_FAILED, StreamState.DESTROYING);
  static final List<StreamState> WS_STATES = List.of(StreamState.CREATING, StreamState.CONNECTING,
      StreamState.CONNECTED, StreamState.DESTROYING);

  @TempDir static Path dir;
  private Vertx peers;
  private MqttBrokerVerticle broker;

  /** Starts the carrier with {@code policy} and returns the application's entry point. */
  abstract SecureStreams streams(Path dir, String policy) throws Exception;

  abstract void closeCarrier() throws Exception;

  @BeforeAll
  void startPeers() throws Exception {
    peers = Vertx.vertx();
    HttpServer http = peers.createHttpServer().requestHandler(r -> r.body().onSuccess(b ->
        r.response().end(r.method() + " " + r.path() + " " + b.length())));
    http.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    HttpServer ws = peers.createHttpServer().webSocketHandler(s -> {
      s.textMessageHandler(s::writeTextMessage);
      s.binaryMessageHandler(s::writeBinaryMessage);
    });
    ws.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    broker = new MqttBrokerVerticle(new MqttBrokerOptions().setHost("127.0.0.1").setPort(0));
    peers.deployVerticle(broker).await(10, TimeUnit.SECONDS);
    ss = streams(dir, """
        {"retry": [{"quick": {"backoff": [100, 200], "conceal": 20, "jitterpc": 1}},
                   {"twice": {"backoff": [20, 40], "conceal": 2, "jitterpc": 1}}],
         "s": [{
           "get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/g", "retry": "quick"},
           "down": {"endpoint": "127.0.0.1", "port": %4$d, "protocol": "h1", "http_url": "/", "retry": "twice"},
           "post": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/p",
                    "http_method": "POST", "retry": "quick"},
           "echo": {"protocol": "ws", "endpoint": "ws://127.0.0.1:%2$d/e", "retry": "quick"},
           "pub": {"endpoint": "127.0.0.1", "port": %3$d, "protocol": "mqtt", "mqtt_topic": "contract/t",
                   "mqtt_qos": 1, "mqtt_keep_alive": 30, "retry": "quick"},
           "sub": {"endpoint": "127.0.0.1", "port": %3$d, "protocol": "mqtt", "mqtt_subscribe": "contract/#",
                   "mqtt_qos": 1, "mqtt_keep_alive": 30, "nailed_up": true, "retry": "quick"}
         }]}""".formatted(http.actualPort(), ws.actualPort(), broker.actualPort(), closedPort()));
  }

  private SecureStreams ss;

  /** A loopback port nothing listens on (taken and given back). */
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  void stopPeers() throws Exception {
    try {
      closeCarrier();
    } finally {
      if (peers != null) {
        peers.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The application's side of a one-shot stream: creates it, starts it with {@code start}, waits
   * for {@code last}, destroys it and returns what it saw.
   */
  private Recorder runUntil(String streamtype, Recorder r, Consumer<SecureStream> start, StreamState last)
      throws Exception {
    SecureStream s = ss.create(streamtype, r).await(10, TimeUnit.SECONDS);
    start.accept(s);
    await().atMost(Duration.ofSeconds(10)).until(() -> r.states.contains(last));
    s.destroy().await(10, TimeUnit.SECONDS);
    return r;
  }

  @Test
  void anH1GetConnectsAndDeliversTheBody() throws Exception {
    Recorder r = runUntil("get", new Recorder(), SecureStream::connect, StreamState.DISCONNECTED);
    assertThat(r.states).isEqualTo(GET_STATES);
    assertThat(r.rx()).isEqualTo("GET /g 0");
  }

  @Test
  void anUnreachableEndpointIsRetriedAsThePolicySaysThenGivenUp() throws Exception {
    Recorder r = runUntil("down", new Recorder(), SecureStream::connect, StreamState.ALL_RETRIES_FAILED);
    assertThat(r.states).isEqualTo(UNREACHABLE_STATES);
    assertThat(r.rx()).isEmpty();
  }

  @Test
  void anH1PostSendsItsBody() throws Exception {
    Recorder r = new Recorder();
    r.toSend.add(Buffer.buffer("x".repeat(9000)));
    runUntil("post", r, s -> s.requestTx(9000), StreamState.DISCONNECTED);
    assertThat(r.states).isEqualTo(POST_STATES);
    assertThat(r.rx()).isEqualTo("POST /p 9000");
  }

  @Test
  void aWsStreamGetsItsMessagesEchoed() throws Exception {
    Recorder r = new Recorder();
    r.toSend.add(Buffer.buffer("hello"));
    r.toSend.add(Buffer.buffer("world"));
    r.requestTxWhenConnected = true;
    SecureStream s = ss.create("echo", r).await(10, TimeUnit.SECONDS);
    r.stream = s;
    s.connect();
    await().atMost(Duration.ofSeconds(10)).until(() -> r.rx().equals("helloworld"));
    s.destroy().await(10, TimeUnit.SECONDS);
    assertThat(r.states).isEqualTo(WS_STATES);
    assertThat(r.flags).containsExactly(StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT,
        StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT);
  }

  @Test
  void mqttQos1PublishIsAcknowledgedAndReachesTheSubscriber() throws Exception {
    Recorder sub = new Recorder();
    SecureStream subscriber = ss.create("sub", sub).await(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> broker.stats().await(5, TimeUnit.SECONDS).getInteger("subscriptions") == 1);
    Recorder pub = new Recorder();
    pub.toSend.add(Buffer.buffer("m1"));
    pub.toSend.add(Buffer.buffer("m2"));
    SecureStream publisher = ss.create("pub", pub).await(10, TimeUnit.SECONDS);
    pub.stream = publisher;
    // connect first: a requestTx on a fresh stream reports POLL in one JVM but not through a
    // proxy, where it becomes ONWARD_CONNECT (as lws, docs/proxy.md)
    publisher.connect();
    publisher.requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> sub.rx().equals("m1m2"));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> pub.states.stream().filter(st -> st == StreamState.QOS_ACK_REMOTE).count() == 2);
    publisher.destroy().await(10, TimeUnit.SECONDS);
    subscriber.destroy().await(10, TimeUnit.SECONDS);
    assertThat(pub.states).isEqualTo(List.of(StreamState.CREATING, StreamState.CONNECTING,
        StreamState.CONNECTED, StreamState.QOS_ACK_REMOTE, StreamState.QOS_ACK_REMOTE, StreamState.DESTROYING));
    assertThat(sub.states).isEqualTo(List.of(StreamState.CREATING, StreamState.CONNECTING,
        StreamState.CONNECTED, StreamState.DESTROYING));
    assertThat(sub.flags).containsExactly(StreamFlags.SOM | StreamFlags.EOM, StreamFlags.SOM | StreamFlags.EOM);
  }

  /** The application: records states, rx and rx flags; sends what it is given, one message per tx. */
  static final class Recorder implements StreamHandler {
    final List<StreamState> states = new CopyOnWriteArrayList<>();
    final List<Integer> flags = new CopyOnWriteArrayList<>();
    final Deque<Buffer> toSend = new ArrayDeque<>();
    private final StringBuffer rx = new StringBuffer();
    volatile SecureStream stream;
    boolean requestTxWhenConnected;

    String rx() {
      return rx.toString();
    }

    @Override
    public CallbackResult rx(Buffer payload, int f) {
      rx.append(payload.toString());
      flags.add(f);
      return CallbackResult.OK;
    }

    /** How much of the head of {@link #toSend} went out already. */
    private int sent;

    @Override
    public synchronized TxResult tx(TxRequest request) {
      Buffer next = toSend.peek();
      if (next == null) {
        return TxResult.dontSend();
      }
      // as much as the carrier offers: a message may take several tx calls
      int n = Math.min(request.maxLength(), next.length() - sent);
      int f = (sent == 0 ? StreamFlags.SOM : 0) | (sent + n == next.length() ? StreamFlags.EOM : 0);
      Buffer piece = next.getBuffer(sent, sent + n);
      sent += n;
      if (sent == next.length()) {
        toSend.poll();
        sent = 0;
        if (!toSend.isEmpty() && stream != null) {
          stream.requestTx();
        }
      }
      return TxResult.send(piece, f);
    }

    @Override
    public CallbackResult state(StreamState state, long ack) {
      if (state != StreamState.UPSTREAM_LINK_RETRY) {
        states.add(state);
      }
      if (state == StreamState.CONNECTED && requestTxWhenConnected) {
        stream.requestTx();
      }
      return CallbackResult.OK;
    }
  }
}
