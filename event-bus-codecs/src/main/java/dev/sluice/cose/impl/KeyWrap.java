package dev.sluice.cose.impl;

import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES key wrap (RFC 3394) on the JDK. */
public final class KeyWrap {
  private KeyWrap() {}

  public static byte[] wrap(byte[] kek, byte[] cek) throws CoseException {
    try {
      Cipher c = Cipher.getInstance("AES/KW/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
      return c.doFinal(cek);
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.WRONG_KEY, "AES key wrap failed: " + e.getMessage(), e);
    }
  }

  /** Unwraps; a wrong KEK or a tampered wrapped key is {@link Reason#VERIFICATION_FAILED}. */
  public static byte[] unwrap(byte[] kek, byte[] wrapped) throws CoseException {
    if (wrapped.length < 24 || wrapped.length % 8 != 0) {
      throw new CoseException(Reason.MALFORMED, "wrapped key of " + wrapped.length + " bytes is not a multiple of 8 >= 24");
    }
    try {
      Cipher c = Cipher.getInstance("AES/KW/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
      return c.doFinal(wrapped);
    } catch (java.security.InvalidKeyException e) {
      throw new CoseException(Reason.WRONG_KEY, "AES key unwrap: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.VERIFICATION_FAILED, "AES key unwrap failed: the key or the wrapped key is wrong");
    }
  }
}
