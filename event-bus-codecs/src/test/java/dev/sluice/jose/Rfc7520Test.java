package dev.sluice.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 7520's JWS and JWE examples: deterministic ones reproduced byte for byte, the others verified or decrypted. */
class Rfc7520Test {

  private static byte[] payload() {
    return Rfc7520.PAYLOAD.getBytes(StandardCharsets.UTF_8);
  }

  private static JWK key(String json) throws JoseException {
    return Jwks.readOne(json);
  }

  @Test
  void rs256IsReproducedByteForByteAndVerifiesInEverySerialization() throws Exception {
    JWK rsa = key(Rfc7520.RSA_KEY);
    JwsSigner signer = new JwsSigner(rsa, JWSAlgorithm.RS256);
    assertThat(signer.sign(payload())).isEqualTo(Rfc7520.RS256_COMPACT);

    String[] parts = Rfc7520.RS256_COMPACT.split("\\.");
    JsonObject flattened = new JsonObject(signer.signJson(payload(), true));
    assertThat(flattened.getString("protected")).isEqualTo(parts[0]);
    assertThat(flattened.getString("payload")).isEqualTo(parts[1]);
    assertThat(flattened.getString("signature")).isEqualTo(parts[2]);
    JsonObject general = new JsonObject(signer.signJson(payload(), false));
    assertThat(general.getJsonArray("signatures").getJsonObject(0).getString("signature")).isEqualTo(parts[2]);

    JwsVerifier verifier = new JwsVerifier(new JWKSet(rsa.toPublicJWK()));
    for (String jws : new String[] {Rfc7520.RS256_COMPACT, flattened.encode(), general.encode()}) {
      VerifiedJws v = verifier.verify(jws);
      assertThat(new String(v.payload(), StandardCharsets.UTF_8)).isEqualTo(Rfc7520.PAYLOAD);
      assertThat(v.header().getKeyID()).isEqualTo("bilbo.baggins@hobbiton.example");
    }
  }

  @Test
  void hs256IsReproducedByteForByte() throws Exception {
    JWK hmac = key(Rfc7520.HMAC_KEY);
    assertThat(new JwsSigner(hmac).sign(payload())).isEqualTo(Rfc7520.HS256_COMPACT);
    assertThat(new JwsVerifier(new JWKSet(hmac)).verify(Rfc7520.HS256_COMPACT).payload()).isEqualTo(payload());
  }

  @Test
  void es512VerifiesInCompactAndJson() throws Exception {
    JWK ec = key(Rfc7520.EC_KEY);
    JwsVerifier verifier = new JwsVerifier(new JWKSet(ec.toPublicJWK()));
    assertThat(verifier.verify(Rfc7520.ES512_COMPACT).payload()).isEqualTo(payload());
    String[] p = Rfc7520.ES512_COMPACT.split("\\.");
    String general = new JsonObject().put("payload", p[1]).put("signatures", new JsonArray()
        .add(new JsonObject().put("protected", p[0]).put("signature", p[2]))).encode();
    assertThat(verifier.verify(general).header().getAlgorithm()).isEqualTo(JWSAlgorithm.ES512);
    // Our own ES512 signature with the same key verifies too.
    assertThat(verifier.verify(new JwsSigner(ec).sign(payload())).payload()).isEqualTo(payload());
  }

  @Test
  void ecdhEsA128kwWithA128gcmDecrypts() throws Exception {
    JweDecrypter d = new JweDecrypter(new JWKSet(key(Rfc7520.EC_ENC_KEY)));
    DecryptedJwe out = d.decrypt(Rfc7520.ECDH_ES_A128KW_COMPACT);
    assertThat(new String(out.plaintext(), StandardCharsets.UTF_8)).isEqualTo(Rfc7520.PLAINTEXT);
    assertThat(out.header().getAlgorithm()).isEqualTo(JWEAlgorithm.ECDH_ES_A128KW);
    assertThat(out.header().getEncryptionMethod()).isEqualTo(EncryptionMethod.A128GCM);
  }

  @Test
  void dirWithA128gcmDecryptsAndAnAllowListWithoutDirRefusesIt() throws Exception {
    JWKSet keys = new JWKSet(key(Rfc7520.DIR_KEY));
    assertThat(new String(new JweDecrypter(keys).decrypt(Rfc7520.DIR_A128GCM_COMPACT).plaintext(),
        StandardCharsets.UTF_8)).isEqualTo(Rfc7520.PLAINTEXT);
    JweDecrypter noDir = new JweDecrypter(keys, Set.of(JWEAlgorithm.RSA_OAEP_256), Set.of(EncryptionMethod.A128GCM), 4096);
    assertThatThrownBy(() -> noDir.decrypt(Rfc7520.DIR_A128GCM_COMPACT)).isInstanceOf(JoseException.class)
        .hasMessage("JWE algorithm dir is not allowed");
    JweDecrypter noA128 = new JweDecrypter(keys, Set.of(JWEAlgorithm.DIR), Set.of(EncryptionMethod.A256GCM), 4096);
    assertThatThrownBy(() -> noA128.decrypt(Rfc7520.DIR_A128GCM_COMPACT)).isInstanceOf(JoseException.class)
        .hasMessage("JWE content encryption A128GCM is not allowed");
  }
}
