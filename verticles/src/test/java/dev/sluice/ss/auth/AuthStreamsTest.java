package dev.sluice.ss.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamState;
import dev.sluice.test.CapturedLogs;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams that authenticate: OAuth2 client-credentials tokens fetched through a policy streamtype,
 * shared, renewed before expiry and after a 401; AUTH_FAILED when no token can be had; AWS SigV4
 * on the request the server actually receives. No token, secret or key ever reaches a log line.
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class AuthStreamsTest {

  private static final String CLIENT_SECRET = "client-secret-" + Long.toHexString(System.nanoTime());
  private static final String AWS_SECRET = "aws-secret-" + Long.toHexString(System.nanoTime());

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private CapturedLogs logs;
  /** Token requests seen by the token endpoint, as form bodies. */
  private final ConcurrentLinkedQueue<String> tokenRequests = new ConcurrentLinkedQueue<>();
  private final List<String> issued = new ArrayList<>();
  /** The only token the API accepts; null accepts none. */
  private final AtomicReference<String> valid = new AtomicReference<>();
  private final AtomicBoolean tokenEndpointDown = new AtomicBoolean();
  private final AtomicInteger unauthorized = new AtomicInteger();
  /** expires_in of the tokens issued; short, so renewal can be seen without waiting long. */
  private final AtomicInteger tokenLifetimeSecs = new AtomicInteger(2);
  private final ConcurrentLinkedQueue<HttpServerRequest> apiRequests = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    logs = new CapturedLogs();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      switch (req.path()) {
        case "/token" -> token(req, body);
        case "/api" -> {
          apiRequests.add(req);
          String auth = req.getHeader("authorization");
          if (valid.get() != null && ("Bearer " + valid.get()).equals(auth)) {
            req.response().end("data for " + auth.substring(7));
          } else {
            unauthorized.incrementAndGet();
            req.response().setStatusCode(401).end();
          }
        }
        case "/bucket/object.txt" -> {
          apiRequests.add(req);
          req.response().end("stored " + body.length());
        }
        default -> req.response().setStatusCode(404).end();
      }
    }));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  private synchronized void token(HttpServerRequest req, Buffer body) {
    tokenRequests.add(req.getHeader("content-type") + " " + body);
    if (tokenEndpointDown.get()) {
      req.response().setStatusCode(500).end("{\"error\": \"server_error\"}");
      return;
    }
    String t = "tok-" + (issued.size() + 1) + "-" + Long.toHexString(System.nanoTime());
    issued.add(t);
    valid.set(t);
    req.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("access_token", t).put("token_type", "Bearer").put("expires_in", tokenLifetimeSecs.get()).encode());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      List<String> secrets = new ArrayList<>(issued);
      secrets.add(CLIENT_SECRET);
      secrets.add(AWS_SECRET);
      assertThat(logs.lines()).as("every log line of the test").isNotEmpty()
          .allSatisfy(line -> assertThat(secrets).noneMatch(line::contains));
    } finally {
      logs.close();
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  private SecureStreams deployOAuth() throws Exception {
    Path secret = dir.resolve("client-secret");
    Files.writeString(secret, CLIENT_SECRET + "\n");
    SluiceTestRuntime.deploy(vertx, dir, """
        {"retry": [{"quick": {"backoff": [20], "conceal": 2, "jitterpc": 1}}],
         "auth": [{"name": "myapi", "type": "oauth2", "streamtype": "token_endpoint", "blob": 0}],
         "s": [{
           "token_endpoint": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_method": "POST",
                              "http_url": "/token", "metadata": [{"ctype": "content-type:"}], "retry": "quick"},
           "api": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/api",
                   "use_auth": "myapi", "retry": "quick"}
         }]}""".formatted(server.actualPort()),
        new JsonObject().put("http", new JsonObject().put("auth", new JsonObject().put("myapi", new JsonObject()
            .put("type", "oauth2").put("clientId", "device-7").put("clientSecretFile", secret.toString())
            .put("scope", "read write").put("renewAt", 0.5)))));
    return SecureStreams.create(vertx);
  }

  @Test
  void streamsShareOneTokenFetchAndTheFormIsAClientCredentialsGrant() throws Exception {
    SecureStreams ss = deployOAuth();
    List<Future<Buffer>> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(ss.fetch("api", Map.of()));
    }
    Future.all(all).await(10, TimeUnit.SECONDS);
    assertThat(all).allMatch(f -> f.result().toString().equals("data for " + issued.get(0)));
    assertThat(tokenRequests).as("one fetch for ten waiting streams").singleElement()
        .isEqualTo("application/x-www-form-urlencoded grant_type=client_credentials&client_id=device-7&client_secret="
            + CLIENT_SECRET + "&scope=read+write");
  }

  @Test
  void theTokenIsRenewedBeforeItExpiresWithoutAnyStreamAsking() throws Exception {
    SecureStreams ss = deployOAuth();
    ss.fetch("api", Map.of()).await(10, TimeUnit.SECONDS);
    // Lifetime 2 s, renewAt 0.5: a second token about 1 s later, with no stream active.
    await().atMost(Duration.ofSeconds(5)).until(() -> tokenRequests.size() >= 2);
    assertThat(ss.fetch("api", Map.of()).await(10, TimeUnit.SECONDS).toString()).isEqualTo("data for " + issued.get(1));
    assertThat(unauthorized.get()).isZero();
  }

  @Test
  void a401MakesTheStreamFetchANewTokenAndTryAgain() throws Exception {
    // A long lifetime: a scheduled renewal between the two fetches (a slow machine) would replace
    // the revoked token before the server could refuse it.
    tokenLifetimeSecs.set(3600);
    SecureStreams ss = deployOAuth();
    ss.fetch("api", Map.of()).await(10, TimeUnit.SECONDS);
    valid.set(null); // the server revokes every token it issued; the next one it issues is valid
    Buffer b = ss.fetch("api", Map.of()).await(10, TimeUnit.SECONDS);
    assertThat(unauthorized.get()).as("one refusal").isEqualTo(1);
    assertThat(b.toString()).isEqualTo("data for " + valid.get());
  }

  @Test
  void noTokenToBeHadIsAuthFailed() throws Exception {
    tokenEndpointDown.set(true);
    SecureStreams ss = deployOAuth();
    RecordingHandler h = new RecordingHandler();
    ss.create("api", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(StreamState.ALL_RETRIES_FAILED));
    assertThat(h.states()).contains(StreamState.AUTH_FAILED).doesNotContain(StreamState.CONNECTED);
    assertThat(apiRequests).as("no request went out without a token").isEmpty();
    assertThat(logs.lines()).anyMatch(l -> l.contains("auth \"myapi\": no token") && l.contains("500"));
  }

  @Test
  void sigv4SignsTheRequestTheServerReceives() throws Exception {
    Path creds = dir.resolve("credentials");
    Files.writeString(creds, "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = " + AWS_SECRET + "\n");
    SluiceTestRuntime.deploy(vertx, dir, """
        {"retry": [{"quick": {"backoff": [20], "conceal": 1, "jitterpc": 1}}],
         "auth": [{"name": "s3", "type": "sigv4", "streamtype": "", "blob": 0}],
         "s": [{
           "put": {"endpoint": "127.0.0.1", "port": %d, "protocol": "h1", "http_method": "PUT",
                   "http_url": "/bucket/object.txt?versioning=&acl", "use_auth": "s3",
                   "aws_region": "region", "aws_service": "service",
                   "metadata": [{"region": ""}, {"service": ""}, {"meta": "x-amz-meta-colour:"}],
                   "retry": "quick"}
         }]}""".formatted(server.actualPort()),
        new JsonObject().put("http", new JsonObject().put("auth", new JsonObject().put("s3", new JsonObject()
            .put("type", "sigv4").put("credentialsFile", creds.toString())))));
    SecureStreams ss = SecureStreams.create(vertx);
    Buffer answer = ss.fetch("put", Map.of("region", "eu-west-1", "service", "s3", "meta", "blue"),
        Buffer.buffer("twelve bytes")).await(10, TimeUnit.SECONDS);
    assertThat(answer.toString()).isEqualTo("stored 12");

    HttpServerRequest got = apiRequests.poll();
    String authorization = got.getHeader("authorization");
    assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
        .contains("/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-meta-colour, ");
    assertThat(got.getHeader("x-amz-content-sha256")).isEqualTo(SigV4.UNSIGNED_PAYLOAD);
    // Signed again from what arrived: the same signature only if every signed part was sent as signed.
    Map<String, String> received = new java.util.HashMap<>();
    got.headers().forEach(e -> received.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
    String path = got.path();
    SigV4.Signed again = SigV4.sign(new SigV4.Request("PUT", path, got.query(), received,
        got.getHeader("x-amz-content-sha256")), got.getHeader("x-amz-date"), "eu-west-1", "s3",
        new AwsCredentials("AKIDTEST", AWS_SECRET));
    assertThat(authorization).isEqualTo(again.authorization());

    RecordingHandler noRegion = new RecordingHandler();
    ss.create("put", Map.of("service", "s3"), noRegion).await(5, TimeUnit.SECONDS).requestTx(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> noRegion.saw(StreamState.ALL_RETRIES_FAILED));
    assertThat(noRegion.states()).contains(StreamState.AUTH_FAILED);
    assertThat(logs.lines()).anyMatch(l -> l.contains("SigV4 needs the region and service"));
  }
}
