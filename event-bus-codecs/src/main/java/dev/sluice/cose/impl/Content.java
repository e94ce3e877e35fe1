package dev.sluice.cose.impl;

import dev.sluice.cbor.CborBytes;
import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.CoseHeaders;
import dev.sluice.cose.HeaderLabels;
import java.security.SecureRandom;

/** Content-layer helpers shared by the encrypt and MAC messages. */
public final class Content {
  private Content() {}

  /** The layer's algorithm, refused unless it belongs to {@code family}. */
  public static CoseAlgorithm algorithm(CoseHeaders h, CoseAlgorithm.Family family, String what) throws CoseException {
    CoseAlgorithm a = h.algorithm();
    if (a.family() != family) {
      throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, a + " cannot be used for " + what);
    }
    return a;
  }

  /**
   * The IV of a received layer: the IV header, or the partial IV combined with the base IV
   * (RFC 9052 section 3.1: left-padded with zeros, XORed with the base IV).
   */
  public static byte[] iv(CoseHeaders h, byte[] baseIv, CoseAlgorithm alg) throws CoseException {
    byte[] iv = h.bytes(HeaderLabels.IV, "IV");
    byte[] partial = h.bytes(HeaderLabels.PARTIAL_IV, "partial IV");
    if (iv != null && partial != null) {
      throw new CoseException(Reason.MALFORMED, "both IV and partial IV are present");
    }
    if (iv != null) {
      return iv;
    }
    if (partial == null) {
      throw new CoseException(Reason.MALFORMED, "no IV or partial IV header");
    }
    int len = Aead.ivLength(alg);
    if (baseIv == null || baseIv.length != len || partial.length > len) {
      throw new CoseException(Reason.WRONG_KEY, "a partial IV needs a " + len + "-byte base IV in the key");
    }
    byte[] out = baseIv.clone();
    for (int i = 0; i < partial.length; i++) {
      out[len - partial.length + i] ^= partial[i];
    }
    return out;
  }

  /** Headers to send, with a fresh random IV added when they have neither IV nor partial IV. */
  public static CoseHeaders withIv(CoseHeaders h, CoseAlgorithm alg, SecureRandom random) throws CoseException {
    if (h.get(HeaderLabels.IV) != null || h.get(HeaderLabels.PARTIAL_IV) != null) {
      return h;
    }
    byte[] iv = new byte[Aead.ivLength(alg)];
    random.nextBytes(iv);
    return h.toBuilder().rawProtected(h.protectedBytes()).unprotect(HeaderLabels.IV, CborBytes.wrap(iv)).build();
  }
}
