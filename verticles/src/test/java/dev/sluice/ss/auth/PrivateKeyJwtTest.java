package dev.sluice.ss.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.jose.ClientAssertion;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.JwsVerifier;
import dev.sluice.jose.Jwks;
import dev.sluice.jose.JwtValidator;
import dev.sluice.jose.ValidJwt;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamState;
import dev.sluice.test.CapturedLogs;
import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth2 client credentials with private_key_jwt (RFC 7523): a token server started here checks
 * each client assertion with our JwsVerifier/JwtValidator (signature, iss = sub = client id, aud =
 * its own URL, a jti never seen before, a short exp) and only then issues a token. The key, the
 * assertions and the tokens never reach a log line.
 */
@ExtendWith({VertxExtension.class, NoIllegalTransitions.class})
class PrivateKeyJwtTest {

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private CapturedLogs logs;
  private String tokenUrl;
  /** The client's key pair (private: in the key file; public: trusted by the token server). */
  private JWK clientKey;
  private final AtomicReference<JWKSet> trusted = new AtomicReference<>();
  /** Every assertion the token server received, and what it made of it. */
  private final List<String> assertions = new CopyOnWriteArrayList<>();
  private final List<ValidJwt> accepted = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final Set<String> seenJti = ConcurrentHashMap.newKeySet();
  private final List<String> issued = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> valid = new AtomicReference<>();
  private final AtomicReference<Integer> lifetimeSecs = new AtomicReference<>(3600);

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    logs = new CapturedLogs();
    clientKey = Jwks.generate("EC", "P-256", "device-7-key");
    trusted.set(new JWKSet(clientKey.toPublicJWK()));
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      switch (req.path()) {
        case "/token" -> token(req, body);
        case "/api" -> {
          String auth = req.getHeader("authorization");
          if (valid.get() != null && ("Bearer " + valid.get()).equals(auth)) {
            req.response().end("data");
          } else {
            req.response().setStatusCode(401).end();
          }
        }
        default -> req.response().setStatusCode(404).end();
      }
    }));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    tokenUrl = "http://127.0.0.1:" + server.actualPort() + "/token";
  }

  /** The token endpoint: client_credentials with a client assertion that must pass every RFC 7523 check. */
  private void token(HttpServerRequest req, Buffer body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.toString(StandardCharsets.US_ASCII).split("&")) {
      int eq = pair.indexOf('=');
      form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String assertion = form.get("client_assertion");
    try {
      if (!"client_credentials".equals(form.get("grant_type")) || !ClientAssertion.TYPE.equals(
          form.get("client_assertion_type")) || assertion == null || form.containsKey("client_secret")) {
        throw new IllegalStateException("not a private_key_jwt client_credentials request: " + form.keySet());
      }
      assertions.add(assertion);
      ValidJwt jwt = JwtValidator.builder(new JwsVerifier(trusted.get())).issuer(form.get("client_id"))
          .audience(tokenUrl).requiredClaims("sub", "jti", "iat").clockSkew(Duration.ofSeconds(5)).build()
          .validate(assertion);
      JWTClaimsSet c = jwt.claims();
      if (!c.getSubject().equals(c.getIssuer())) {
        throw new IllegalStateException("sub is not iss");
      }
      if (!seenJti.add(c.getJWTID())) {
        throw new IllegalStateException("jti replayed");
      }
      if (c.getExpirationTime().getTime() - c.getIssueTime().getTime() > 300_000) {
        throw new IllegalStateException("exp too far");
      }
      accepted.add(jwt);
    } catch (JoseException | RuntimeException e) {
      refusals.add(e.getMessage());
      req.response().setStatusCode(401).putHeader("content-type", "application/json")
          .end("{\"error\": \"invalid_client\"}");
      return;
    }
    String t = "tok-" + (issued.size() + 1) + "-" + Long.toHexString(System.nanoTime());
    issued.add(t);
    valid.set(t);
    req.response().putHeader("content-type", "application/json").end(new JsonObject().put("access_token", t)
        .put("token_type", "Bearer").put("expires_in", lifetimeSecs.get()).encode());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      List<String> secrets = new ArrayList<>(issued);
      secrets.addAll(assertions);
      for (String a : assertions) {
        secrets.add(a.substring(a.lastIndexOf('.') + 1)); // the signature alone
      }
      secrets.add(clientKey.toJSONObject().get("d").toString());
      String pem = Jwks.toPem(clientKey, true);
      secrets.add(pem.split("\n")[1]);
      assertThat(logs.lines()).allSatisfy(line -> assertThat(secrets).noneMatch(line::contains));
    } finally {
      logs.close();
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Deploys a policy whose "api" stream uses auth "signed", with the given auth entry. */
  private SecureStreams deploy(JsonObject authEntry) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, """
        {"retry": [{"quick": {"backoff": [20], "conceal": 2, "jitterpc": 1}}],
         "auth": [{"name": "signed", "type": "oauth2", "streamtype": "token_endpoint", "blob": 0}],
         "s": [{
           "token_endpoint": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_method": "POST",
                              "http_url": "/token", "metadata": [{"ctype": "content-type:"}], "retry": "quick"},
           "api": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/api",
                   "use_auth": "signed", "retry": "quick"}
         }]}""".formatted(server.actualPort()),
        new JsonObject().put("http", new JsonObject().put("auth", new JsonObject().put("signed", authEntry))));
    return SecureStreams.create(vertx);
  }

  private JsonObject pemEntry() throws Exception {
    Path keyFile = dir.resolve("client-key.pem");
    Files.writeString(keyFile, Jwks.toPem(clientKey, true));
    return new JsonObject().put("type", "private_key_jwt").put("clientId", "device-7")
        .put("keyFile", keyFile.toString()).put("kid", "device-7-key").put("scope", "read");
  }

  @Test
  void aStreamGetsItsTokenWithASignedAssertionTheServerVerifies() throws Exception {
    SecureStreams ss = deploy(pemEntry());
    assertThat(ss.fetch("api", Map.of()).await(10, TimeUnit.SECONDS).toString()).isEqualTo("data");
    assertThat(refusals).isEmpty();
    ValidJwt a = accepted.get(0);
    assertThat(a.header().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(a.header().getKeyID()).isEqualTo("device-7-key");
    assertThat(a.claims().getIssuer()).isEqualTo("device-7");
    assertThat(a.claims().getSubject()).isEqualTo("device-7");
    assertThat(a.claims().getAudience()).as("aud is the token endpoint, told from the policy").containsExactly(tokenUrl);
    assertThat(a.claims().getExpirationTime().getTime() - a.claims().getIssueTime().getTime())
        .as("exp is short: 60 s by default").isEqualTo(60_000);
  }

  @Test
  void everyTokenRequestSignsAFreshAssertion() throws Exception {
    lifetimeSecs.set(2);
    SecureStreams ss = deploy(pemEntry().put("renewAt", 0.5));
    ss.fetch("api", Map.of()).await(10, TimeUnit.SECONDS);
    // A 2 s token renewed at half its lifetime: the second request must not replay the first jti.
    await().atMost(Duration.ofSeconds(6)).until(() -> accepted.size() >= 2);
    assertThat(refusals).as("no replayed jti, no refusal").isEmpty();
    assertThat(accepted.get(0).claims().getJWTID()).isNotEqualTo(accepted.get(1).claims().getJWTID());
    assertThat(ss.fetch("api", Map.of()).await(10, TimeUnit.SECONDS).toString()).isEqualTo("data");
  }

  @Test
  void anRsaJwkFileWithPs256AndAConfiguredAudienceWorks() throws Exception {
    clientKey = Jwks.generate("RSA", "2048", "rsa-client");
    trusted.set(new JWKSet(clientKey.toPublicJWK()));
    Path keyFile = dir.resolve("client-key.jwk");
    Files.writeString(keyFile, clientKey.toJSONString());
    SecureStreams ss = deploy(new JsonObject().put("type", "private_key_jwt").put("clientId", "device-8")
        .put("keyFile", keyFile.toString()).put("alg", "PS256").put("audience", tokenUrl)
        .put("assertionLifetimeSecs", 30));
    assertThat(ss.fetch("api", Map.of()).await(10, TimeUnit.SECONDS).toString()).isEqualTo("data");
    assertThat(accepted.get(0).header().getAlgorithm().getName()).isEqualTo("PS256");
    assertThat(accepted.get(0).claims().getIssuer()).isEqualTo("device-8");
    assertThat(accepted.get(0).claims().getExpirationTime().getTime()
        - accepted.get(0).claims().getIssueTime().getTime()).isEqualTo(30_000);
  }

  @Test
  void aKeyTheServerDoesNotTrustIsAuthFailedAndNothingSecretIsLogged() throws Exception {
    trusted.set(new JWKSet(Jwks.generate("EC", "P-256", "device-7-key").toPublicJWK()));
    SecureStreams ss = deploy(pemEntry());
    RecordingHandler h = new RecordingHandler();
    ss.create("api", h).await(5, TimeUnit.SECONDS).requestTx();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.saw(StreamState.ALL_RETRIES_FAILED));
    assertThat(h.states()).contains(StreamState.AUTH_FAILED).doesNotContain(StreamState.CONNECTED);
    assertThat(refusals).isNotEmpty().allMatch(r -> r.equals("JWS ES256 signature does not verify"));
    assertThat(logs.lines()).anyMatch(l -> l.contains("auth \"signed\": no token") && l.contains("401"));
  }

  @Test
  void keyFilesThatCannotSignAreRefusedWhenTheHostStartsNamingTheProblemNotTheKey() throws Exception {
    Path pub = dir.resolve("public.pem");
    Files.writeString(pub, Jwks.toPem(clientKey, false));
    Path secret = dir.resolve("secret.jwk");
    JWK hmac = Jwks.generate("oct", "256", null);
    Files.writeString(secret, hmac.toJSONString());
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    Map<String, String> expected = Map.of(
        pub.toString(), "hosts.http.auth.signed.keyFile " + pub + " holds a public EC key; private_key_jwt needs the"
            + " private key",
        secret.toString(), "hosts.http.auth.signed.keyFile " + secret + " holds a shared secret; private_key_jwt signs"
            + " with a private key (RS, PS, ES or EdDSA)",
        garbage.toString(), "hosts.http.auth.signed.keyFile " + garbage + ": PRIVATE KEY block is not an RSA, EC, EdDSA"
            + " or XDH PKCS#8 key",
        dir.resolve("missing.pem").toString(), "hosts.http.auth.signed.keyFile " + dir.resolve("missing.pem")
            + " cannot be read (NoSuchFileException)");
    for (Map.Entry<String, String> c : expected.entrySet()) {
      JsonObject conf = new JsonObject().put("signed", new JsonObject().put("type", "private_key_jwt")
          .put("clientId", "device-7").put("keyFile", c.getKey()));
      Throwable t = AuthSources.load(vertx, conf).toCompletionStage().toCompletableFuture()
          .handle((ok, err) -> err).get(10, TimeUnit.SECONDS);
      assertThat(t).as(c.getKey()).hasMessage(c.getValue());
    }
    JsonObject noKey = new JsonObject().put("signed", new JsonObject().put("type", "private_key_jwt")
        .put("clientId", "device-7"));
    Throwable t = AuthSources.load(vertx, noKey).toCompletionStage().toCompletableFuture()
        .handle((ok, err) -> err).get(10, TimeUnit.SECONDS);
    assertThat(t).hasMessage("hosts.http.auth.signed needs keyFile (a PEM or JWK file with the client's private key)");
  }
}
