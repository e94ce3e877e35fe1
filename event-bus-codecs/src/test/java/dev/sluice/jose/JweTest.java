package dev.sluice.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.sluice.jose.JoseException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JWE encrypt and decrypt: every supported pair of algorithms, and each bad input refused with its reason. */
class JweTest {

  private static final byte[] SECRET = "the device's wifi password".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @CsvSource({"RSA-OAEP-256,A256GCM,RSA,2048", "RSA-OAEP-256,A128GCM,RSA,2048", "ECDH-ES,A128GCM,EC,P-256",
      "ECDH-ES,A256GCM,EC,P-521", "ECDH-ES+A128KW,A128GCM,EC,P-256", "ECDH-ES+A192KW,A192GCM,EC,P-384",
      "ECDH-ES+A256KW,A256GCM,EC,P-521", "ECDH-ES+A256KW,A256GCM,OKP,X25519", "ECDH-ES,A192GCM,OKP,X25519",
      "dir,A128GCM,oct,128", "dir,A192GCM,oct,192", "dir,A256GCM,oct,256"})
  void everyPairRoundTrips(String alg, String enc, String kty, String size) throws Exception {
    JWK key = Jwks.generate(kty, size, "k1");
    JWK recipient = "oct".equals(kty) ? key : key.toPublicJWK();
    String jwe = new JweEncrypter(recipient, JweEncrypter.algorithm(alg), JweEncrypter.encryption(enc)).encrypt(SECRET);
    DecryptedJwe out = new JweDecrypter(new JWKSet(key)).decrypt(jwe);
    assertThat(out.plaintext()).isEqualTo(SECRET);
    assertThat(out.header().getAlgorithm().getName()).isEqualTo(alg);
    assertThat(out.header().getEncryptionMethod().getName()).isEqualTo(enc);
    assertThat(out.header().getKeyID()).isEqualTo("k1");
  }

  @Test
  void defaultsFollowTheKeyType() throws Exception {
    assertThat(new JweEncrypter(Jwks.generate("RSA", "2048", null)).algorithm()).isEqualTo(JWEAlgorithm.RSA_OAEP_256);
    JweEncrypter ec = new JweEncrypter(Jwks.generate("EC", "P-256", null).toPublicJWK());
    assertThat(ec.algorithm()).isEqualTo(JWEAlgorithm.ECDH_ES_A256KW);
    assertThat(ec.encryption()).isEqualTo(EncryptionMethod.A256GCM);
    assertThat(new JweEncrypter(Jwks.generate("oct", "128", null)).encryption()).isEqualTo(EncryptionMethod.A128GCM);
  }

  @Test
  void algorithmsOutsideTheAllowListAreRefused() throws Exception {
    RSAKey rsa = (RSAKey) Jwks.generate("RSA", "2048", null);
    for (JWEAlgorithm weak : new JWEAlgorithm[] {JWEAlgorithm.RSA1_5, JWEAlgorithm.parse("RSA-OAEP")}) {
      JWEObject o = new JWEObject(new JWEHeader(weak, EncryptionMethod.A128GCM), new Payload(SECRET));
      o.encrypt(new RSAEncrypter(rsa.toPublicJWK()));
      assertThatThrownBy(() -> new JweDecrypter(new JWKSet(rsa)).decrypt(o.serialize()))
          .isInstanceOf(JoseException.class).hasMessage("JWE algorithm " + weak + " is not allowed")
          .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }
    JweDecrypter onlyA256 = new JweDecrypter(new JWKSet(rsa), Set.of(JWEAlgorithm.RSA_OAEP_256),
        Set.of(EncryptionMethod.A256GCM), 100_000);
    String a128 = new JweEncrypter(rsa, JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM).encrypt(SECRET);
    assertThatThrownBy(() -> onlyA256.decrypt(a128)).isInstanceOf(JoseException.class)
        .hasMessage("JWE content encryption A128GCM is not allowed");
    assertThatThrownBy(() -> JweEncrypter.algorithm("RSA1_5")).isInstanceOf(JoseException.class)
        .hasMessageStartingWith("JWE algorithm \"RSA1_5\" is not supported");
    assertThatThrownBy(() -> JweEncrypter.encryption("A128CBC-HS256")).isInstanceOf(JoseException.class)
        .hasMessageStartingWith("JWE content encryption \"A128CBC-HS256\" is not supported");
  }

  @Test
  void algNoneAndCompressionAreRefused() throws Exception {
    JWK oct = Jwks.generate("oct", "256", null);
    String none = Base64URL.encode("{\"alg\":\"none\",\"enc\":\"A256GCM\"}") + ".AAAA.AAAA.AAAA.AAAA";
    assertThatThrownBy(() -> new JweDecrypter(new JWKSet(oct)).decrypt(none)).isInstanceOf(JoseException.class)
        .hasMessage("JWE with alg \"none\" refused");
    JWEObject zipped = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
        .compressionAlgorithm(CompressionAlgorithm.DEF).build(), new Payload(SECRET));
    zipped.encrypt(new com.nimbusds.jose.crypto.DirectEncrypter(oct.toOctetSequenceKey()));
    assertThatThrownBy(() -> new JweDecrypter(new JWKSet(oct)).decrypt(zipped.serialize()))
        .isInstanceOf(JoseException.class).hasMessage("compressed JWE (zip \"DEF\") refused");
  }

  @Test
  void wrongKeyTypesAreRefusedOnBothSides() throws Exception {
    JWK ec = Jwks.generate("EC", "P-256", "ec");
    JWK rsa = Jwks.generate("RSA", "2048", "rsa");
    assertThatThrownBy(() -> new JweEncrypter(ec, JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM))
        .isInstanceOf(JoseException.class).hasMessage("a EC key (kid \"ec\") cannot serve JWE RSA-OAEP-256 with A256GCM");
    assertThatThrownBy(() -> new JweEncrypter(Jwks.generate("oct", "128", null), JWEAlgorithm.DIR,
        EncryptionMethod.A256GCM)).isInstanceOf(JoseException.class)
        .hasMessage("a oct key cannot serve JWE dir with A256GCM (dir needs an oct key of 256 bits)");
    assertThatThrownBy(() -> new JweEncrypter(Jwks.generate("OKP", "Ed25519", null))).isInstanceOf(JoseException.class)
        .hasMessage("no JWE algorithm for a OKP key on Ed25519 (X25519 encrypts, Ed25519 only signs)");
    String toEc = new JweEncrypter(ec.toPublicJWK()).encrypt(SECRET);
    assertThatThrownBy(() -> new JweDecrypter(new JWKSet(rsa)).decrypt(toEc)).isInstanceOf(JoseException.class)
        .hasMessage("no decryption key with kid \"ec\"");
    JWK rsaNoKid = Jwks.generate("RSA", "2048", null);
    assertThatThrownBy(() -> new JweDecrypter(new JWKSet(rsaNoKid)).decrypt(toEc)).isInstanceOf(JoseException.class)
        .hasMessage("JWE algorithm ECDH-ES+A256KW with A256GCM does not fit the type of any key with kid \"ec\" (RSA): refused")
        .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.WRONG_KEY);
    assertThatThrownBy(() -> new JweDecrypter(new JWKSet(ec.toPublicJWK()))).isInstanceOf(JoseException.class)
        .hasMessage("decryption needs a private key; the EC key (kid \"ec\") is public");
  }

  @Test
  void tamperedCiphertextOrAnotherKeyDoesNotDecrypt() throws Exception {
    JWK ec = Jwks.generate("EC", "P-256", null);
    String[] p = new JweEncrypter(ec.toPublicJWK()).encrypt(SECRET).split("\\.");
    byte[] ct = new Base64URL(p[3]).decode();
    ct[0] ^= 1;
    String tampered = p[0] + "." + p[1] + "." + p[2] + "." + Base64URL.encode(ct) + "." + p[4];
    assertThatThrownBy(() -> new JweDecrypter(new JWKSet(ec)).decrypt(tampered)).isInstanceOf(JoseException.class)
        .hasMessage("JWE ECDH-ES+A256KW/A256GCM does not decrypt: tampered, or not encrypted to these keys")
        .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.VERIFICATION_FAILED);
    JWK other = Jwks.generate("EC", "P-256", null);
    assertThatThrownBy(() -> new JweDecrypter(new JWKSet(other)).decrypt(String.join(".", p)))
        .isInstanceOf(JoseException.class).extracting(e -> ((JoseException) e).reason())
        .isEqualTo(Reason.VERIFICATION_FAILED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b.c", "a.b.c.d.e.f", "!!!.a.b.c.d", "e30.a.b.c.d",
      "eyJhbGciOiJkaXIifQ.a.b.c.d", "{\"protected\":\"e30\"}", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..%%.AA.AA"})
  void malformedInputIsRefusedAsMalformed(String input) throws Exception {
    JweDecrypter d = new JweDecrypter(new JWKSet(Jwks.generate("oct", "256", null)));
    assertThatThrownBy(() -> d.decrypt(input)).isInstanceOf(JoseException.class)
        .satisfies(e -> assertThat(((JoseException) e).reason()).isIn(Reason.MALFORMED, Reason.VERIFICATION_FAILED))
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
  }
}
