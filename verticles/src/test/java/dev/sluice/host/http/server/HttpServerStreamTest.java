package dev.sluice.host.http.server;

import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.CONNECTING;
import static dev.sluice.ss.StreamState.CREATING;
import static dev.sluice.ss.StreamState.DESTROYING;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.POLL;
import static dev.sluice.ss.StreamState.QOS_ACK_REMOTE;
import static dev.sluice.ss.StreamState.QOS_NACK_REMOTE;
import static dev.sluice.ss.StreamState.SERVER_TXN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamServer;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Our h1/h2 client streams against our h1/h2 server streams, in clear, over TLS and a Unix socket. */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class HttpServerStreamTest {

  private static final String TRUST = ", \"tls_trust_store\": \"mine\"";

  @TempDir Path dir;
  private SecureStreams ss;
  private StreamServer server;
  private final List<Responder> accepted = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeServer() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Deploys {@code types}, serves "srv" with {@code script}, and returns the port. */
  private int serve(Vertx vertx, String types, Consumer<Responder> script) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(types));
    ss = SecureStreams.create(vertx);
    server = ss.serve("srv", s -> {
      Responder r = new Responder(s, script);
      accepted.add(r);
      return r;
    }).await(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  private RecordingHandler run(String type, int port, RecordingHandler h, long length) throws Exception {
    SecureStream s = ss.create(type, Map.of("port", Integer.toString(port)), h).await(5, TimeUnit.SECONDS);
    h.drainInto(s);
    if (length >= 0) {
      s.requestTx(length);
    } else {
      s.requestTx();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> h.saw(DISCONNECTED));
    return h;
  }

  @Test
  void anH1GetIsOneServerTxnWithTheRequestAsMetadataAndTheAckedBodyAsTheResponse(Vertx vertx) throws Exception {
    int port = serve(vertx, ServerTestPolicy.server("h1", "") + ",\n"
        + ServerTestPolicy.client("get", "h1", "http", "GET", "/hello/world?a=1&b=2"),
        r -> r.reply("text/plain", true, "hello ", r.seen.get(":path")));
    RecordingHandler h = run("get", port, new RecordingHandler(), -1);

    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
    assertThat(h.stateEvents().get(4).ack()).isEqualTo(200);
    assertThat(h.rxText()).isEqualTo("hello /hello/world");
    Responder r = accepted.get(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> r.states.contains(DESTROYING));
    assertThat(r.states).containsExactly(CREATING, CONNECTING, CONNECTED, SERVER_TXN, DISCONNECTED, DESTROYING);
    assertThat(r.seen).containsEntry(":method", "GET").containsEntry(":path", "/hello/world")
        .containsEntry(":query", "a=1&b=2").containsEntry(":version", "HTTP/1.1").containsEntry(":scheme", "http")
        .containsEntry(":authority", "127.0.0.1:" + port);
    assertThat(r.rxFlags).as("a GET has no body").isEmpty();
    assertThat(server.streams()).isZero();
  }

  @Test
  void aPostBodyArrivesWithSomOnTheFirstPieceAndEomOnTheLastAndAChunkedReplyComesBack(Vertx vertx)
      throws Exception {
    int port = serve(vertx, ServerTestPolicy.server("h1", "") + ",\n"
        + ServerTestPolicy.client("post", "h1", "http", "POST", "/up"),
        r -> r.reply("application/x-echo", false, "got:", r.body(), ":done"));
    RecordingHandler h = new RecordingHandler()
        .send(Buffer.buffer("part one,"), StreamFlags.SOM)
        .send(Buffer.buffer("part two,"), 0)
        .send(Buffer.buffer("part three"), StreamFlags.EOM);
    run("post", port, h, -1);

    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
    assertThat(h.rxText()).isEqualTo("got:part one,part two,part three:done");
    Responder r = accepted.get(0);
    assertThat(r.seen).containsEntry(":method", "POST");
    List<Integer> flags = r.rxFlags;
    assertThat(flags.get(0) & StreamFlags.SOM).isEqualTo(StreamFlags.SOM);
    assertThat(flags.get(flags.size() - 1) & StreamFlags.EOM).isEqualTo(StreamFlags.EOM);
    assertThat(flags.stream().filter(f -> StreamFlags.has(f, StreamFlags.SOM))).hasSize(1);
    assertThat(flags.stream().filter(f -> StreamFlags.has(f, StreamFlags.EOM))).hasSize(1);
  }

  @Test
  void aNackValueIsTheStatusAndTheClientSeesQosNackRemote(Vertx vertx) throws Exception {
    int port = serve(vertx, ServerTestPolicy.server("h1", "") + ",\n"
        + ServerTestPolicy.client("get", "h1", "http", "GET", "/secret"), r -> r.nack(403));
    RecordingHandler h = run("get", port, new RecordingHandler(), -1);
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_NACK_REMOTE, DISCONNECTED);
    assertThat(h.stateEvents().get(4).ack()).isEqualTo(403);
  }

  @Test
  void aHandlerThatNeverAnswersAndDestroysTheStreamGives404(Vertx vertx) throws Exception {
    int port = serve(vertx, ServerTestPolicy.server("h1", "") + ",\n"
        + ServerTestPolicy.client("get", "h1", "http", "GET", "/nothing"), r -> r.stream.destroy());
    RecordingHandler h = run("get", port, new RecordingHandler(), -1);
    assertThat(h.states()).contains(QOS_NACK_REMOTE);
    assertThat(h.stateEvents().get(4).ack()).isEqualTo(404);
  }

  @Test
  void anAcceptorThatReturnsNoHandlerGives404AndTheServerKeepsServing(Vertx vertx) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(ServerTestPolicy.server("h1", "") + ",\n"
        + ServerTestPolicy.client("get", "h1", "http", "GET", "/x")));
    ss = SecureStreams.create(vertx);
    List<String> paths = new CopyOnWriteArrayList<>();
    server = ss.serve("srv", s -> {
      String p = s.metadata(":path").orElse("");
      paths.add(p);
      return paths.size() == 1 ? null : new Responder(s, r -> r.reply(null, false, "second"));
    }).await(10, TimeUnit.SECONDS);
    RecordingHandler first = run("get", server.actualPort(), new RecordingHandler(), -1);
    assertThat(first.stateEvents().get(4)).hasToString("QOS_NACK_REMOTE(404)");
    RecordingHandler second = run("get", server.actualPort(), new RecordingHandler(), -1);
    assertThat(second.rxText()).isEqualTo("second");
    assertThat(paths).containsExactly("/x", "/x");
  }

  @Test
  void h2cWithPriorKnowledgeCarriesTheTransactionOverHttp2(Vertx vertx) throws Exception {
    int port = serve(vertx, ServerTestPolicy.server("h2", "") + ",\n"
        + ServerTestPolicy.client("get2", "h2", "http", "GET", "/two"),
        r -> r.reply("text/plain", false, "over ", r.seen.get(":version")));
    RecordingHandler h = run("get2", port, new RecordingHandler(), -1);
    assertThat(h.states()).containsExactly(CREATING, POLL, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
    assertThat(h.rxText()).isEqualTo("over HTTP/2");
  }

  @Test
  void h2OverTlsByAlpnAndH1OverTlsWithDerCertsFromThePolicy(Vertx vertx) throws Exception {
    ServerTestPolicy.Der der = ServerTestPolicy.Der.create();
    String types = ServerTestPolicy.server("h2", ", \"tls\": true, \"server_cert\": \"srvcert\", \"server_key\": \"srvkey\"")
        + ",\n" + ServerTestPolicy.client("tls2", "h2", "https://localhost", "GET", "/a", TRUST)
        + ",\n" + ServerTestPolicy.client("tls1", "h1", "https://localhost", "POST", "/b", TRUST);
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(der.certs(), der.trustStore(), types));
    ss = SecureStreams.create(vertx);
    server = ss.serve("srv", s -> new Responder(s, r -> r.reply(null, true, r.seen.get(":scheme"), " ",
        r.seen.get(":version"), " ", r.body()))).await(10, TimeUnit.SECONDS);
    RecordingHandler h2 = run("tls2", server.actualPort(), new RecordingHandler(), -1);
    assertThat(h2.rxText()).isEqualTo("https HTTP/2 ");
    RecordingHandler h1 = run("tls1", server.actualPort(), new RecordingHandler().send("sealed"), 6);
    assertThat(h1.rxText()).isEqualTo("https HTTP/1.1 sealed");
  }

  @Test
  void aUnixSocketEndpointServesTheSameStreams(Vertx vertx) throws Exception {
    Path sock = dir.resolve("srv.sock");
    String types = """
        "srv": {"server": true, "protocol": "h1", "endpoint": "+%s", "metadata": [{"mime": ""}]},
        "unix": {"protocol": "h1", "endpoint": "+%s", "http_method": "GET", "http_url": "/u",
                 "metadata": [{"port": ""}], "retry": "once"}""".formatted(sock, sock);
    serve(vertx, types, r -> r.reply("text/plain", true, "via unix"));
    assertThat(server.actualPort()).isEqualTo(-1);
    RecordingHandler h = run("unix", 0, new RecordingHandler(), -1);
    assertThat(h.rxText()).isEqualTo("via unix");
  }

  @Test
  void servingTheSameStreamtypeTwiceFailsWithAClearError(Vertx vertx) throws Exception {
    serve(vertx, ServerTestPolicy.server("h1", ""), r -> r.nack(500));
    Throwable failure = ss.serve("srv", s -> null).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
        .await(5, TimeUnit.SECONDS);
    assertThat(failure).hasMessageContaining("\"srv\" is already served");
  }
}
