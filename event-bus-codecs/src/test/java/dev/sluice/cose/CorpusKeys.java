package dev.sluice.cose;

import dev.sluice.cose.impl.Curves;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Turns the JWK-like keys of the COSE working group's examples into {@link CoseKey}s. */
final class CorpusKeys {
  private CorpusKeys() {}

  static CoseKey of(JsonObject k) throws CoseException {
    String kty = k.getString("kty");
    CoseKey key = switch (kty) {
      case "oct" -> CoseKey.symmetric(bytes(k, "k"));
      case "EC", "EC2" -> CoseKey.ec2(k.getString("crv"), bytes(k, "x"), bytes(k, "y"), bytes(k, "d"));
      case "OKP" -> CoseKey.okp(k.getString("crv"), bytes(k, "x"), bytes(k, "d"));
      case "RSA" -> CoseKey.rsa(big(k, "n"), big(k, "e"), big(k, "d"), k.containsKey("p_hex") ? new BigInteger[] {
          big(k, "p"), big(k, "q"), big(k, "dP"), big(k, "dQ"), big(k, "qi")} : null);
      default -> throw new IllegalArgumentException("key type " + kty + " not supported by the corpus reader");
    };
    if (k.containsKey("kid")) {
      key = key.withKid(k.getString("kid").getBytes(StandardCharsets.UTF_8));
    }
    return key;
  }

  /** A field given either base64url ({@code name}) or hex ({@code name_hex}); null when absent. */
  static byte[] bytes(JsonObject k, String name) {
    if (k.containsKey(name)) {
      return Base64.getUrlDecoder().decode(k.getString(name));
    }
    if (k.containsKey(name + "_hex")) {
      return HexFormat.of().parseHex(k.getString(name + "_hex"));
    }
    return null;
  }

  private static BigInteger big(JsonObject k, String name) {
    byte[] b = bytes(k, name);
    return b == null ? null : new BigInteger(1, b);
  }

  /**
   * The ephemeral private key among the random values of an example whose public key equals
   * {@code epk}, or null: the examples do not say which random value became the ephemeral key.
   */
  static CoseKey ephemeralFrom(Iterable<Object> rng, CoseKey epk) throws CoseException {
    if (rng == null) {
      return null;
    }
    for (Object o : rng) {
      byte[] candidate = HexFormat.of().parseHex((String) o);
      CoseKey k = candidate(epk, candidate);
      if (k != null && java.util.Arrays.equals(k.rawX(), epk.rawX())) {
        return k;
      }
    }
    return null;
  }

  private static CoseKey candidate(CoseKey epk, byte[] bytes) throws CoseException {
    Curves c = epk.curve();
    if (c.isEc2()) {
      BigInteger d = new BigInteger(1, bytes).mod(c.order());
      if (d.signum() == 0) {
        return null;
      }
      java.security.spec.ECPoint q = c.publicPoint(d);
      return CoseKey.ec2(c.displayName(), Curves.fixed(q.getAffineX(), c.size()), Curves.fixed(q.getAffineY(), c.size()),
          Curves.fixed(d, c.size()));
    }
    return bytes.length == c.size() ? CoseKey.okp(c.displayName(), null, bytes) : null;
  }
}
