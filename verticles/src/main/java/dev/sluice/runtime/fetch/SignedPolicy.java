package dev.sluice.runtime.fetch;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborMap;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseKey;
import dev.sluice.cose.CoseSign1;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.Jwks;
import dev.sluice.jose.JwsVerifier;
import dev.sluice.jose.VerifiedJws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * Opens a signed policy: a JWS (compact or JSON serialization) or a COSE_Sign1 whose payload is
 * the policy, signed by one of the trusted keys. An {@code exp} in the signature's protected
 * header (JWS: NumericDate; COSE: CWT claim 4 inside header 15, RFC 9597) is honoured with a
 * clock skew. Only public-key algorithms are accepted: a shared secret could sign as well as
 * verify, and a device holding it could forge policies.
 */
final class SignedPolicy {
  private SignedPolicy() {}

  /** Public-key JWS algorithms; HS* is refused. */
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
      JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

  /** The policy inside, how it was signed, and by which key. */
  record Opened(byte[] policy, String format, String keyId) {}

  static Opened open(byte[] body, JWKSet trusted, Instant now, Duration skew) throws PolicyRefusedException {
    if (trusted.getKeys().isEmpty()) {
      throw new PolicyRefusedException("no trusted keys are configured (policy-fetch.trustedKeys), so no fetched"
          + " policy can be accepted");
    }
    int first = firstNonSpace(body);
    if (first < 0) {
      throw new PolicyRefusedException("the fetched policy is empty");
    }
    int b = body[first] & 0xff;
    if (b == '{') {
      String text = new String(body, StandardCharsets.UTF_8);
      if (!text.contains("\"signature")) {
        throw new PolicyRefusedException("the fetched policy is plain JSON without a signature; a JWS or COSE_Sign1"
            + " signed by a trusted key is required");
      }
      return jws(text, trusted, now, skew);
    }
    if (b == 'e') {
      return jws(new String(body, StandardCharsets.US_ASCII).strip(), trusted, now, skew);
    }
    if (b == 0xd2 || b == 0x84) { // tag 18 (COSE_Sign1), or its untagged 4-element array
      return cose(first == 0 ? body : Arrays.copyOfRange(body, first, body.length), trusted, now, skew);
    }
    throw new PolicyRefusedException(String.format("the fetched policy is neither a JWS nor a COSE_Sign1 (first"
        + " byte 0x%02X)", b));
  }

  private static Opened jws(String text, JWKSet trusted, Instant now, Duration skew) throws PolicyRefusedException {
    VerifiedJws v;
    try {
      v = new JwsVerifier(trusted, ALGORITHMS, JwsVerifier.DEFAULT_MAX_CHARS).verify(text);
    } catch (JoseException e) {
      throw new PolicyRefusedException("the policy's JWS signature is refused: " + e.getMessage());
    }
    Object exp = v.header().getCustomParam("exp");
    if (exp != null) {
      if (!(exp instanceof Number n)) {
        throw new PolicyRefusedException("the policy's JWS header has an exp that is not a number");
      }
      checkExpiry(n.longValue(), now, skew);
    }
    return new Opened(v.payload(), "JWS " + v.header().getAlgorithm(), v.key().getKeyID());
  }

  private static Opened cose(byte[] bytes, JWKSet trusted, Instant now, Duration skew) throws PolicyRefusedException {
    CoseSign1 msg;
    try {
      msg = CoseSign1.decode(bytes);
    } catch (CoseException e) {
      throw new PolicyRefusedException("the fetched policy is not a valid COSE_Sign1: " + e.getMessage());
    }
    if (msg.payload() == null) {
      throw new PolicyRefusedException("the policy's COSE_Sign1 has no payload");
    }
    byte[] kid;
    try {
      kid = msg.headers().kid();
    } catch (CoseException e) {
      throw new PolicyRefusedException("the policy's COSE_Sign1 header is malformed: " + e.getMessage());
    }
    String lastProblem = "no trusted key fits its algorithm";
    for (JWK jwk : trusted.getKeys()) {
      if (jwk.getKeyID() != null && kid != null
          && !jwk.getKeyID().equals(new String(kid, StandardCharsets.UTF_8))) {
        continue;
      }
      CoseKey key;
      try {
        key = Jwks.toCoseKey(jwk.toPublicJWK());
      } catch (JoseException | RuntimeException e) {
        continue; // a key COSE cannot use (e.g. symmetric): try the next
      }
      try {
        msg.verify(key, new byte[0]);
      } catch (CoseException e) {
        lastProblem = e.getMessage();
        continue;
      }
      checkExpiry(coseExpiry(msg), now, skew);
      String alg;
      try {
        alg = String.valueOf(msg.headers().algorithm());
      } catch (CoseException e) {
        alg = "?";
      }
      return new Opened(msg.payload(), "COSE_Sign1 " + alg, jwk.getKeyID());
    }
    throw new PolicyRefusedException("the policy's COSE_Sign1 signature is refused: " + lastProblem);
  }

  /** CWT claim 4 (exp) inside protected header 15 (CWT claims), or -1 when there is none. */
  private static long coseExpiry(CoseSign1 msg) throws PolicyRefusedException {
    CborValue claims = msg.headers().protectedMap().get(15);
    if (claims == null) {
      return -1;
    }
    if (!(claims instanceof CborMap m) || !(m.get(4) instanceof CborInt exp)) {
      throw new PolicyRefusedException("the policy's COSE_Sign1 CWT claims (header 15) have no numeric exp");
    }
    return exp.value();
  }

  private static void checkExpiry(long expSeconds, Instant now, Duration skew) throws PolicyRefusedException {
    if (expSeconds >= 0 && now.minus(skew).getEpochSecond() > expSeconds) {
      throw new PolicyRefusedException("the policy's signature expired at " + Instant.ofEpochSecond(expSeconds));
    }
  }

  private static int firstNonSpace(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') {
        return i;
      }
    }
    return -1;
  }
}
