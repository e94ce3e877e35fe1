package dev.sluice.cose.impl;

import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.CoseKey;
import java.security.GeneralSecurityException;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** RSAES-OAEP key transport (RFC 8230) on the JDK. */
public final class RsaOaep {
  private RsaOaep() {}

  private static OAEPParameterSpec spec(CoseAlgorithm alg) {
    return switch (alg) {
      case RSAES_OAEP_SHA_1 -> new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
      case RSAES_OAEP_SHA_256 -> new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
      default -> new OAEPParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, PSource.PSpecified.DEFAULT);
    };
  }

  public static byte[] encrypt(CoseAlgorithm alg, CoseKey key, byte[] cek, java.security.SecureRandom random)
      throws CoseException {
    try {
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(Cipher.ENCRYPT_MODE, key.publicKey(), spec(alg), random);
      return c.doFinal(cek);
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.WRONG_KEY, alg + " encryption failed: " + e.getMessage(), e);
    }
  }

  public static byte[] decrypt(CoseAlgorithm alg, CoseKey key, byte[] wrapped) throws CoseException {
    try {
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(Cipher.DECRYPT_MODE, key.privateKey(), spec(alg));
      return c.doFinal(wrapped);
    } catch (java.security.InvalidKeyException e) {
      throw new CoseException(Reason.WRONG_KEY, alg + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.VERIFICATION_FAILED, alg + " decryption failed: wrong key or tampered key");
    }
  }
}
