package dev.sluice.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import dev.sluice.cose.CoseKey;
import dev.sluice.jose.JoseException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JWKs and JWK sets from JSON and PEM, public and private, and their COSE_Key forms. */
class JwksTest {

  @ParameterizedTest
  @CsvSource({"EC,P-256", "EC,P-384", "EC,P-521", "RSA,2048", "OKP,Ed25519", "OKP,X25519"})
  void privateAndPublicKeysRoundTripThroughPemAndJson(String kty, String size) throws Exception {
    JWK key = Jwks.generate(kty, size, null);
    JWK fromPrivatePem = Jwks.readOne(Jwks.toPem(key, true));
    assertThat(fromPrivatePem.isPrivate()).isTrue();
    assertThat(fromPrivatePem.toJSONObject()).isEqualTo(key.toJSONObject());
    String publicPem = Jwks.toPem(key, false);
    assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(Jwks.readOne(publicPem).toJSONObject()).isEqualTo(key.toPublicJWK().toJSONObject());
    assertThat(Jwks.readOne(key.toJSONString()).toJSONObject()).isEqualTo(key.toJSONObject());
    assertThat(Jwks.fromCoseKey(Jwks.toCoseKey(key)).toJSONObject()).isEqualTo(key.toJSONObject());
  }

  @Test
  void anEcPrivatePemWithoutItsPublicPointReadsBack() throws Exception {
    // Regression: the public point of a PKCS#8 EC key was rebuilt through a COSE_Key without x ("COSE_Key lacks x").
    ECKey ec = (ECKey) Jwks.generate("EC", "P-256", "ec1");
    String pem = Jwks.toPem(ec, true);
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    ECKey back = (ECKey) Jwks.readOne(pem);
    assertThat(back.getX()).isEqualTo(ec.getX());
    assertThat(back.getY()).isEqualTo(ec.getY());
    assertThat(back.getD()).isEqualTo(ec.getD());
  }

  @Test
  void setsKeepEveryKeyAndOctKeysConvertToCose() throws Exception {
    JWK a = Jwks.generate("EC", "P-256", "a");
    JWK b = Jwks.generate("oct", "256", "b");
    JWKSet set = Jwks.read(new JWKSet(java.util.List.of(a, b)).toString(false));
    assertThat(set.getKeys()).extracting(JWK::getKeyID).containsExactly("a", "b");
    CoseKey cose = Jwks.toCoseKey(b);
    assertThat(cose.type()).isEqualTo(CoseKey.Type.SYMMETRIC);
    assertThat(cose.secret()).isEqualTo(((OctetSequenceKey) b).toByteArray());
    String twoPems = Jwks.toPem(a, false) + Jwks.toPem(Jwks.generate("OKP", "Ed25519", null), true);
    assertThat(Jwks.read(twoPems).getKeys()).hasSize(2);
    assertThatThrownBy(() -> Jwks.readOne(twoPems)).isInstanceOf(JoseException.class).hasMessage("expected one key, found 2");
    assertThatThrownBy(() -> Jwks.toPem(b, false)).isInstanceOf(JoseException.class)
        .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{}", "not a key", "{\"kty\":\"EC\"}", "{\"kty\":\"XYZ\",\"k\":\"AA\"}",
      "{\"keys\": 5}", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
      "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----\n",
      "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}"})
  void whatIsNotAKeyIsRefusedAsMalformed(String text) {
    assertThatThrownBy(() -> Jwks.read(text)).isInstanceOf(JoseException.class)
        .satisfies(e -> assertThat(((JoseException) e).reason()).isIn(Reason.MALFORMED, Reason.WRONG_KEY))
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
  }

  @Test
  void generateRefusesUnknownTypesAndSizes() {
    assertThatThrownBy(() -> Jwks.generate("DSA", null, null)).isInstanceOf(JoseException.class)
        .hasMessage("unknown key type DSA (EC, OKP, RSA, oct)");
    assertThatThrownBy(() -> Jwks.generate("RSA", "512", null)).isInstanceOf(JoseException.class)
        .hasMessageStartingWith("cannot generate a RSA key (512)");
    assertThatThrownBy(() -> Jwks.generate("EC", "P-999", null)).isInstanceOf(JoseException.class)
        .hasMessageStartingWith("cannot generate a EC key (P-999)");
  }
}
