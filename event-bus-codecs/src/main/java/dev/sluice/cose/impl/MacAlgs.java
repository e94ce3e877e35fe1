package dev.sluice.cose.impl;

import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** MACs on the JDK: HMAC (full or truncated to 64 bits) and AES-CBC-MAC (RFC 9053 section 3). */
public final class MacAlgs {
  private MacAlgs() {}

  /** Computes the tag of {@code data}. */
  public static byte[] tag(CoseAlgorithm alg, byte[] key, byte[] data) throws CoseException {
    try {
      return switch (alg) {
        case HMAC_256_64 -> Arrays.copyOf(hmac("HmacSHA256", key, data), 8);
        case HMAC_256 -> hmac("HmacSHA256", key, data);
        case HMAC_384 -> hmac("HmacSHA384", key, data);
        case HMAC_512 -> hmac("HmacSHA512", key, data);
        case AES_MAC_128_64, AES_MAC_256_64 -> Arrays.copyOf(cbcMac(alg, key, data), 8);
        case AES_MAC_128_128, AES_MAC_256_128 -> cbcMac(alg, key, data);
        default -> throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, alg + " is not a MAC algorithm");
      };
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.WRONG_KEY, "cannot MAC with " + alg + ": " + e.getMessage(), e);
    }
  }

  /** Verifies a tag in constant time; false when it does not match. */
  public static boolean verify(CoseAlgorithm alg, byte[] key, byte[] data, byte[] tag) throws CoseException {
    return java.security.MessageDigest.isEqual(tag(alg, key, data), tag);
  }

  private static byte[] hmac(String name, byte[] key, byte[] data) throws GeneralSecurityException {
    if (key.length == 0) {
      throw new GeneralSecurityException("empty key");
    }
    Mac m = Mac.getInstance(name);
    m.init(new SecretKeySpec(key, name));
    return m.doFinal(data);
  }

  private static byte[] cbcMac(CoseAlgorithm alg, byte[] key, byte[] data) throws GeneralSecurityException, CoseException {
    if (key.length * 8 != alg.keyBits()) {
      throw new CoseException(Reason.WRONG_KEY, alg + " needs a " + alg.keyBits() + "-bit key, got " + key.length * 8);
    }
    return aesCbcMac(key, data);
  }

  /** AES-CBC-MAC: zero IV, input padded with zeros to whole blocks, the last block is the MAC. */
  public static byte[] aesCbcMac(byte[] key, byte[] data) throws GeneralSecurityException {
    int len = data.length == 0 ? 16 : (data.length + 15) / 16 * 16;
    Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
    byte[] out = c.doFinal(Arrays.copyOf(data, len));
    return Arrays.copyOfRange(out, out.length - 16, out.length);
  }
}
