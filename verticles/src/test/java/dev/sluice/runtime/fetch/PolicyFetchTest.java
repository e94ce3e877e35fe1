package dev.sluice.runtime.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborMap;
import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseHeaders;
import dev.sluice.cose.CoseSign1;
import dev.sluice.jose.Jwks;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.test.CapturedLogs;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed policy updates end to end: a policy fetched through the {@code fetch_policy} streamtype
 * from a local server is installed only when signed by a trusted key (JWS or COSE_Sign1), not
 * expired, and newer than the active release; every refusal names its reason and the active
 * policy stays.
 */
@ExtendWith(VertxExtension.class)
class PolicyFetchTest {

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private final AtomicReference<Buffer> served = new AtomicReference<>(Buffer.buffer("not yet"));
  private PolicyFetchVerticle fetcher;
  private ECKey trustedKey;
  private ECKey otherKey;
  private final List<JsonObject> changes = new CopyOnWriteArrayList<>();
  private CapturedLogs logs;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    logs = new CapturedLogs();
    server = vertx.createHttpServer().requestHandler(req -> req.response().end(served.get()));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    trustedKey = (ECKey) Jwks.generate("EC", "P-256", "policy-signer-1");
    otherKey = (ECKey) Jwks.generate("EC", "P-256", "policy-signer-1"); // same kid, different key
    Path keys = dir.resolve("policy-keys.jwks");
    Files.writeString(keys, new JWKSet(trustedKey.toPublicJWK()).toString());
    SluiceTestRuntime.deploy(vertx, dir, policy("5", "a"));
    vertx.eventBus().<JsonObject>consumer(PolicyVerticle.CHANGED, m -> changes.add(m.body()));
    fetcher = new PolicyFetchVerticle(new PolicyFetchOptions().setTrustedKeys(keys.toString()).setIntervalMs(3_600_000));
    vertx.deployVerticle(fetcher).await(10, TimeUnit.SECONDS);
    // The fetch at start gets "not yet", which is refused: wait for it so it cannot race the tests.
    await().atMost(Duration.ofSeconds(10)).until(() -> !changes.isEmpty());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(logs.lines()).noneMatch(l -> l.contains(trustedKey.getD().toString()));
    } finally {
      logs.close();
      server.close().await(5, TimeUnit.SECONDS);
    }
  }

  private String policy(String release, String extraStreamtype) {
    return """
        {"release": "%s", "product": "test", "schema-version": 1,
         "retry": [{"quick": {"backoff": [20], "conceal": 1, "jitterpc": 1}}],
         "s": [{
           "fetch_policy": {"endpoint": "127.0.0.1", "port": %d, "protocol": "h1", "http_url": "/policy",
                            "retry": "quick"},
           "%s": {"endpoint": "example.com", "protocol": "h1", "retry": "quick"}
         }]}""".formatted(release, server.actualPort(), extraStreamtype);
  }

  private String jws(ECKey key, String payload, Long exp) throws Exception {
    JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
        .type(new JOSEObjectType("sluice-policy"));
    if (exp != null) {
      h.customParam("exp", exp);
    }
    JWSObject o = new JWSObject(h.build(), new Payload(payload));
    o.sign(new ECDSASigner(key));
    return o.serialize();
  }

  /** Serves {@code body}, runs one fetch (waiting out the one at start), and returns its outcome. */
  private String fetch(Buffer body) {
    served.set(body);
    String[] result = new String[1];
    await().atMost(Duration.ofSeconds(10))
        .until(() -> !(result[0] = fetcher.fetchNow().await(10, TimeUnit.SECONDS)).equals("skipped"));
    return result[0];
  }

  private String activeRelease() {
    return PolicyHolder.of(vertx).require().policy().release();
  }

  @Test
  void aPolicySignedByATrustedKeyAsJwsIsInstalled() throws Exception {
    assertThat(fetch(Buffer.buffer(jws(trustedKey, policy("6", "b"), null)))).isEqualTo("installed");
    assertThat(activeRelease()).isEqualTo("6");
    assertThat(PolicyHolder.of(vertx).require().policy().streamType("b")).isPresent();
    assertThat(PolicyHolder.of(vertx).require().source()).contains("JWS ES256").contains("policy-signer-1");
    assertThat(fetch(Buffer.buffer(jws(trustedKey, policy("6", "b"), null)))).as("same release again")
        .isEqualTo("unchanged");
  }

  @Test
  void aPolicySignedAsCoseSign1IsInstalled() throws Exception {
    CoseHeaders headers = CoseHeaders.builder().algorithm(CoseAlgorithm.ES256)
        .kid("policy-signer-1".getBytes(StandardCharsets.UTF_8))
        .protect(15, CborMap.builder().put(4, new CborInt(Instant.now().getEpochSecond() + 600)).build()).build();
    byte[] signed = CoseSign1.sign(headers, policy("7", "c").getBytes(StandardCharsets.UTF_8), new byte[0],
        Jwks.toCoseKey(trustedKey)).encode();
    assertThat(fetch(Buffer.buffer(signed))).isEqualTo("installed");
    assertThat(activeRelease()).isEqualTo("7");
  }

  @Test
  void everyUntrustworthyPolicyIsRefusedWithItsReasonAndTheActiveOneStays() throws Exception {
    long past = Instant.now().getEpochSecond() - 3600;
    String tampered = jws(trustedKey, policy("8", "evil"), null);
    String[] parts = tampered.split("\\.");
    String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(policy("9", "evil").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    JWSObject hs = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("policy-signer-1").build(),
        new Payload(policy("8", "evil")));
    hs.sign(new MACSigner(new byte[32]));
    String unsecured = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + java.util.Base64.getUrlEncoder()
        .withoutPadding().encodeToString(policy("8", "evil").getBytes(StandardCharsets.UTF_8)) + ".";

    assertThat(fetch(Buffer.buffer(policy("8", "evil")))).contains("plain JSON without a signature");
    assertThat(fetch(Buffer.buffer(jws(otherKey, policy("8", "evil"), null)))).contains("signature does not verify");
    assertThat(fetch(Buffer.buffer(forged))).contains("signature does not verify");
    assertThat(fetch(Buffer.buffer(jws(trustedKey, policy("8", "evil"), past)))).contains("signature expired at");
    assertThat(fetch(Buffer.buffer(jws(trustedKey, policy("4", "old"), null))))
        .contains("release \"4\" is older than the active release \"5\"");
    assertThat(fetch(Buffer.buffer(hs.serialize()))).contains("HS256 is not allowed");
    assertThat(fetch(Buffer.buffer(unsecured))).contains("alg \"none\"");
    assertThat(fetch(Buffer.buffer(jws(trustedKey, "{\"s\": [{\"x\": {\"protocol\": \"h4\"}}]}", null))))
        .contains("does not parse").contains("unknown protocol \"h4\"");
    assertThat(fetch(Buffer.buffer(new byte[] {(byte) 0xd2, (byte) 0x84, 0x40}))).contains("not a valid COSE_Sign1");

    assertThat(activeRelease()).isEqualTo("5");
    assertThat(PolicyHolder.of(vertx).require().policy().streamType("evil")).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.stream().filter(c -> !c.getBoolean("ok")).count() >= 9);
    assertThat(logs.lines()).anyMatch(l -> l.contains("fetched policy refused") && l.contains("expired"));
  }

  @Test
  void withoutTrustedKeysNothingFetchedIsInstalled() throws Exception {
    PolicyFetchVerticle untrusting = new PolicyFetchVerticle(new PolicyFetchOptions().setIntervalMs(3_600_000));
    vertx.deployVerticle(untrusting).await(10, TimeUnit.SECONDS);
    served.set(Buffer.buffer(jws(trustedKey, policy("6", "b"), null)));
    String[] result = new String[1];
    await().atMost(Duration.ofSeconds(10))
        .until(() -> !(result[0] = untrusting.fetchNow().await(10, TimeUnit.SECONDS)).equals("skipped"));
    assertThat(result[0]).contains("no trusted keys are configured");
    assertThat(activeRelease()).isEqualTo("5");
  }
}
