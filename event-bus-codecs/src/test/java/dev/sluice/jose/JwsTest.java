package dev.sluice.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.sluice.jose.JoseException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JWS sign and verify: every algorithm in both serializations, and each bad input refused with its reason. */
class JwsTest {

  private static final byte[] PAYLOAD = "{\"release\": 7}".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @CsvSource({"HS256,oct,256", "HS384,oct,384", "HS512,oct,512", "RS256,RSA,2048", "RS384,RSA,2048",
      "RS512,RSA,2048", "PS256,RSA,2048", "PS384,RSA,2048", "PS512,RSA,2048", "ES256,EC,P-256", "ES384,EC,P-384",
      "ES512,EC,P-521", "EdDSA,OKP,Ed25519"})
  void everyAlgorithmRoundTripsInCompactFlattenedAndGeneralJson(String alg, String kty, String size) throws Exception {
    JWK key = Jwks.generate(kty, size, "k-" + alg);
    JwsSigner signer = new JwsSigner(key, JwsSigner.algorithm(alg));
    JwsVerifier verifier = new JwsVerifier(new JWKSet(key.isPrivate() && !"oct".equals(kty) ? key.toPublicJWK() : key));
    for (String jws : List.of(signer.sign(PAYLOAD), signer.signJson(PAYLOAD, true), signer.signJson(PAYLOAD, false))) {
      VerifiedJws v = verifier.verify(jws);
      assertThat(v.payload()).isEqualTo(PAYLOAD);
      assertThat(v.header().getAlgorithm().getName()).isEqualTo(alg);
      assertThat(v.header().getKeyID()).isEqualTo("k-" + alg);
    }
  }

  @Test
  void generalJsonWithSeveralSignersVerifiesWithAnyOneOfTheKeys() throws Exception {
    JWK ec = Jwks.generate("EC", "P-256", "ec");
    JWK ed = Jwks.generate("OKP", "Ed25519", "ed");
    String jws = JwsSigner.signJson(PAYLOAD, List.of(new JwsSigner(ec), new JwsSigner(ed)));
    assertThat(new JwsVerifier(new JWKSet(ed.toPublicJWK())).verify(jws).header().getKeyID()).isEqualTo("ed");
    assertThat(new JwsVerifier(new JWKSet(ec.toPublicJWK())).verify(jws).header().getKeyID()).isEqualTo("ec");
  }

  @Test
  void detachedPayloadVerifies() throws Exception {
    JWK ec = Jwks.generate("EC", "P-384", null);
    String[] p = new JwsSigner(ec).sign(PAYLOAD).split("\\.");
    String detached = p[0] + ".." + p[2];
    JwsVerifier v = new JwsVerifier(new JWKSet(ec.toPublicJWK()));
    assertThat(v.verify(detached, PAYLOAD).payload()).isEqualTo(PAYLOAD);
    assertThatThrownBy(() -> v.verify(detached, "other".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JoseException.class).hasMessage("JWS ES384 signature does not verify");
  }

  @Test
  void algNoneIsRefusedInCompactAndJson() throws Exception {
    JwsVerifier v = new JwsVerifier(new JWKSet(Jwks.generate("oct", "256", null)));
    String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
    String body = Base64URL.encode(PAYLOAD).toString();
    for (String jws : List.of(header + "." + body + ".", "{\"payload\":\"" + body + "\",\"protected\":\"" + header
        + "\",\"signature\":\"\"}")) {
      assertThatThrownBy(() -> v.verify(jws)).isInstanceOf(JoseException.class)
          .hasMessage("unsecured JWS (alg \"none\") refused")
          .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }
    assertThatThrownBy(() -> JwsSigner.algorithm("none")).isInstanceOf(JoseException.class)
        .hasMessageStartingWith("JWS algorithm \"none\" is not supported");
  }

  @Test
  void hs256MadeWithTheRsaPublicKeyAsSecretIsRefusedAsAlgorithmConfusion() throws Exception {
    RSAKey rsa = (RSAKey) Jwks.generate("RSA", "2048", "rsa");
    // The classic attack: HMAC the token with the bytes of the server's public key (its PEM).
    byte[] secret = Jwks.toPem(rsa.toPublicJWK(), false).getBytes(StandardCharsets.US_ASCII);
    String signingInput = Base64URL.encode("{\"alg\":\"HS256\",\"kid\":\"rsa\"}") + "." + Base64URL.encode(PAYLOAD);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    String forged = signingInput + "." + Base64URL.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    JwsVerifier v = new JwsVerifier(new JWKSet(rsa.toPublicJWK()));
    assertThatThrownBy(() -> v.verify(forged)).isInstanceOf(JoseException.class)
        .hasMessage("JWS algorithm HS256 does not fit the type of any trusted key with kid \"rsa\" (RSA): refused")
        .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void aTokenOfAnotherKeyTypeIsRefusedAsWrongKey() throws Exception {
    JWK ec = Jwks.generate("EC", "P-256", null);
    JWK rsa = Jwks.generate("RSA", "2048", null);
    String es256 = new JwsSigner(ec).sign(PAYLOAD);
    assertThatThrownBy(() -> new JwsVerifier(new JWKSet(rsa.toPublicJWK())).verify(es256))
        .isInstanceOf(JoseException.class)
        .hasMessage("JWS algorithm ES256 does not fit the type of any trusted key (RSA): refused");
    // An ES384 key cannot verify ES256 either: the curve is part of the algorithm.
    JWK p384 = Jwks.generate("EC", "P-384", null);
    assertThatThrownBy(() -> new JwsVerifier(new JWKSet(p384.toPublicJWK())).verify(es256))
        .isInstanceOf(JoseException.class).extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void theSignerRefusesKeysThatDoNotFitAndPublicKeys() throws Exception {
    JWK ec = Jwks.generate("EC", "P-256", "e1");
    assertThatThrownBy(() -> new JwsSigner(ec, JWSAlgorithm.HS256)).isInstanceOf(JoseException.class)
        .hasMessage("a EC key (kid \"e1\") cannot sign HS256");
    assertThatThrownBy(() -> new JwsSigner(ec, JWSAlgorithm.ES384)).isInstanceOf(JoseException.class)
        .hasMessage("a EC key (kid \"e1\") cannot sign ES384");
    assertThatThrownBy(() -> new JwsSigner(ec.toPublicJWK())).isInstanceOf(JoseException.class)
        .hasMessage("signing needs a private key; the EC key is public");
    assertThatThrownBy(() -> new JwsSigner(Jwks.generate("OKP", "X25519", null))).isInstanceOf(JoseException.class)
        .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void aTamperedPayloadOrSignatureDoesNotVerify() throws Exception {
    JWK ec = Jwks.generate("EC", "P-256", null);
    JwsVerifier v = new JwsVerifier(new JWKSet(ec.toPublicJWK()));
    String[] p = new JwsSigner(ec).sign(PAYLOAD).split("\\.");
    String tamperedPayload = p[0] + "." + Base64URL.encode("{\"release\": 8}") + "." + p[2];
    assertThatThrownBy(() -> v.verify(tamperedPayload)).isInstanceOf(JoseException.class)
        .hasMessage("JWS ES256 signature does not verify")
        .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.VERIFICATION_FAILED);
    String flippedSig = p[0] + "." + p[1] + "." + (p[2].charAt(0) == 'A' ? 'B' : 'A') + p[2].substring(1);
    assertThatThrownBy(() -> v.verify(flippedSig)).isInstanceOf(JoseException.class)
        .hasMessage("JWS ES256 signature does not verify");
    JWK other = Jwks.generate("EC", "P-256", null);
    assertThatThrownBy(() -> new JwsVerifier(new JWKSet(other.toPublicJWK())).verify(String.join(".", p)))
        .isInstanceOf(JoseException.class).hasMessage("JWS ES256 signature does not verify");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "!!!.abc.def", "eyJhbGciOiJIUzI1NiJ9", "e30.e30.e30",
      "eyJhbGciOjV9.e30.AAAA", "{\"payload\":1}", "{not json", "{\"payload\":\"e30\",\"signatures\":[]}",
      "eyJhbGciOiJIUzI1NiJ9.%%%.AAAA"})
  void malformedInputIsRefusedAsMalformed(String input) throws Exception {
    JwsVerifier v = new JwsVerifier(new JWKSet(Jwks.generate("oct", "256", null)));
    assertThatThrownBy(() -> v.verify(input)).isInstanceOf(JoseException.class)
        .satisfies(e -> assertThat(((JoseException) e).reason()).isIn(Reason.MALFORMED, Reason.VERIFICATION_FAILED))
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
  }

  @Test
  void anAllowListLeavesOutAlgorithmsTheKeysCouldServe() throws Exception {
    JWK rsa = Jwks.generate("RSA", "2048", null);
    JwsVerifier psOnly = new JwsVerifier(new JWKSet(rsa.toPublicJWK()), Set.of(JWSAlgorithm.PS256), 4096);
    assertThat(psOnly.verify(new JwsSigner(rsa, JWSAlgorithm.PS256).sign(PAYLOAD)).payload()).isEqualTo(PAYLOAD);
    assertThatThrownBy(() -> psOnly.verify(new JwsSigner(rsa, JWSAlgorithm.RS256).sign(PAYLOAD)))
        .isInstanceOf(JoseException.class).hasMessage("JWS algorithm RS256 is not allowed");
    String big = "a".repeat(5000);
    assertThatThrownBy(() -> psOnly.verify(big)).isInstanceOf(JoseException.class)
        .hasMessage("JWS of 5000 characters exceeds limit 4096");
  }
}
