package dev.sluice.cose.impl;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF (RFC 5869) with SHA-256 or SHA-512 on BouncyCastle, and COSE's HKDF with AES-CBC-MAC as
 * the PRF (RFC 9053 section 5.1: no extract step, the key is used as the PRK).
 */
public final class Hkdf {
  private Hkdf() {}

  /** HKDF-SHA-256 or -512 ({@code sha512} true); {@code salt} may be null. */
  public static byte[] sha(boolean sha512, byte[] ikm, byte[] salt, byte[] info, int length) {
    Digest d = sha512 ? new SHA512Digest() : SHA256Digest.newInstance();
    HKDFBytesGenerator g = new HKDFBytesGenerator(d);
    g.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    g.generateBytes(out, 0, length);
    return out;
  }

  /** HKDF-Expand with AES-CBC-MAC: T(i) = MAC(key, T(i-1) | info | i). */
  public static byte[] aes(byte[] key, byte[] info, int length) throws GeneralSecurityException {
    ByteArrayOutputStream okm = new ByteArrayOutputStream();
    byte[] t = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      byte[] input = new byte[t.length + info.length + 1];
      System.arraycopy(t, 0, input, 0, t.length);
      System.arraycopy(info, 0, input, t.length, info.length);
      input[input.length - 1] = (byte) i;
      t = MacAlgs.aesCbcMac(key, input);
      okm.write(t, 0, t.length);
    }
    return Arrays.copyOf(okm.toByteArray(), length);
  }
}
