package dev.sluice.ss;

import static dev.sluice.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.QOS_ACK_REMOTE;
import static dev.sluice.ss.StreamState.QOS_NACK_REMOTE;
import static dev.sluice.ss.StreamState.TIMEOUT;
import static dev.sluice.ss.StreamState.UNREACHABLE;
import static dev.sluice.ss.StreamState.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import dev.sluice.test.TestCerts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PfxOptions;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * lws's minimal-secure-streams-testsfail sequences against local servers: each row names the states
 * the stream must report and the states it must never report.
 */
@ExtendWith(NoIllegalTransitions.class)
class HttpTestsFailTest {

  @TempDir static Path dir;
  private static Vertx vertx;
  private static SecureStreams ss;
  /** The HTTP version each TLS request arrived with, by path. */
  private static final Map<String, HttpVersion> seen = new ConcurrentHashMap<>();

  record Row(String streamtype, List<StreamState> mustSee, Set<StreamState> mustNever) {
    @Override
    public String toString() {
      return streamtype;
    }
  }

  static Stream<Arguments> rows() {
    Set<StreamState> failures = Set.of(UNREACHABLE, ALL_RETRIES_FAILED, TIMEOUT, QOS_NACK_REMOTE);
    Set<StreamState> success = Set.of(CONNECTED, QOS_ACK_REMOTE);
    return Stream.of(
        new Row("t_h1", List.of(CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), failures),
        new Row("t_h1_tls", List.of(CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), failures),
        new Row("t_h2_tls", List.of(CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), failures),
        new Row("d_h1", List.of(TIMEOUT), Set.of(QOS_ACK_REMOTE)),
        new Row("d_h2_tls", List.of(TIMEOUT), Set.of(QOS_ACK_REMOTE)),
        new Row("nxd_h1", List.of(UNREACHABLE, UNREACHABLE, ALL_RETRIES_FAILED), success),
        new Row("badcert_hostname", List.of(UNREACHABLE, ALL_RETRIES_FAILED), success),
        new Row("badcert_expired", List.of(UNREACHABLE, ALL_RETRIES_FAILED), success),
        new Row("badcert_selfsigned", List.of(UNREACHABLE, ALL_RETRIES_FAILED), success),
        new Row("respmap", List.of(CONNECTED, USER, QOS_NACK_REMOTE, DISCONNECTED), Set.of(QOS_ACK_REMOTE)))
        .map(Arguments::of);
  }

  @BeforeAll
  static void servers() throws Exception {
    vertx = Vertx.vertx();
    TestCerts certs = TestCerts.create(dir);
    int plain = listen(new HttpServerOptions());
    int good = listen(tls(certs, "good"));
    int wrongHost = listen(tls(certs, "wronghost"));
    int expired = listen(tls(certs, "expired"));
    int selfSigned = listen(tls(certs, "selfsigned"));
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String policy = """
        {"retry": [{"default": {"backoff": [20, 40], "conceal": 2, "jitterpc": 1}}],
         "certs": [{"test_ca": "%s"}],
         "trust_stores": [{"name": "local_test", "stack": ["test_ca"]}],
         "s": [{
           "t_h1": {"endpoint": "localhost", "port": %d, "protocol": "h1", "http_url": "/status/200", "retry": "default"},
           "t_h1_tls": {"endpoint": "localhost", "port": %d, "protocol": "h1", "http_url": "/httpbin/status/200",
                        "tls": true, "tls_trust_store": "local_test", "retry": "default"},
           "t_h2_tls": {"endpoint": "localhost", "port": %d, "protocol": "h2", "http_url": "/h2/status/200",
                        "tls": true, "tls_trust_store": "local_test", "retry": "default"},
           "d_h1": {"endpoint": "localhost", "port": %d, "protocol": "h1", "http_url": "/delay/10", "timeout_ms": 500,
                    "retry": "default"},
           "d_h2_tls": {"endpoint": "localhost", "port": %d, "protocol": "h2", "http_url": "/delay/15", "tls": true,
                        "tls_trust_store": "local_test", "timeout_ms": 500, "retry": "default"},
           "nxd_h1": {"endpoint": "localhost", "port": %d, "protocol": "h1", "retry": "default"},
           "badcert_hostname": {"endpoint": "localhost", "port": %d, "protocol": "h1", "tls": true,
                                "tls_trust_store": "local_test", "retry": "default"},
           "badcert_expired": {"endpoint": "localhost", "port": %d, "protocol": "h1", "tls": true,
                               "tls_trust_store": "local_test", "retry": "default"},
           "badcert_selfsigned": {"endpoint": "localhost", "port": %d, "protocol": "h1", "tls": true,
                                  "tls_trust_store": "local_test", "retry": "default"},
           "respmap": {"endpoint": "localhost", "port": %d, "protocol": "h1", "http_url": "/status/530",
                       "http_resp_map": [{"530": 1530}], "retry": "default"}
         }]}""".formatted(certs.caBase64(), plain, good, good, plain, good, closed, wrongHost, expired, selfSigned, plain);
    SluiceTestRuntime.deploy(vertx, dir, policy);
    ss = SecureStreams.create(vertx);
  }

  private static HttpServerOptions tls(TestCerts certs, String alias) {
    return new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(new PfxOptions().setPath(certs.keystore().toString()).setPassword(TestCerts.PASSWORD)
            .setAlias(alias).setAliasPassword(TestCerts.PASSWORD));
  }

  private static int listen(HttpServerOptions o) throws Exception {
    HttpServer s = vertx.createHttpServer(o.setHost("127.0.0.1")).requestHandler(req -> {
      seen.put(req.path(), req.version());
      if (req.path().contains("/delay/")) {
        return; // never answers
      }
      int status = Integer.parseInt(req.path().substring(req.path().lastIndexOf('/') + 1));
      req.response().setStatusCode(status).end("status " + status);
    });
    return s.listen(0).await(10, TimeUnit.SECONDS).actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theStreamReportsWhatLwsReportsAndNeverTheForbiddenStates(Row row) throws Exception {
    RecordingHandler h = new RecordingHandler();
    SecureStream s = ss.create(row.streamtype(), h).await(5, TimeUnit.SECONDS);
    s.requestTx();
    StreamState last = row.mustSee().get(row.mustSee().size() - 1);
    await().atMost(Duration.ofSeconds(15)).until(() -> h.states().contains(last));
    assertThat(h.states()).as("states of %s", row.streamtype()).containsSubsequence(row.mustSee());
    assertThat(h.states()).as("states of %s", row.streamtype()).doesNotContainAnyElementsOf(row.mustNever());
    s.destroy().await(5, TimeUnit.SECONDS);
    if (row.streamtype().equals("t_h2_tls")) {
      assertThat(seen.get("/h2/status/200")).as("ALPN gave h2").isEqualTo(HttpVersion.HTTP_2);
    }
    if (row.streamtype().equals("respmap")) {
      assertThat(h.stateEvents()).extracting(Object::toString).contains("USER(1530)");
    }
  }
}
