package dev.sluice.cose.impl;

import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Content encryption: AES-GCM and ChaCha20-Poly1305 on the JDK; AES-CCM on BouncyCastle, because
 * JDK 17 has no CCM.
 */
public final class Aead {
  private Aead() {}

  /** Nonce length in bytes for a content-encryption algorithm. */
  public static int ivLength(CoseAlgorithm alg) throws CoseException {
    return switch (alg) {
      case A128GCM, A192GCM, A256GCM, CHACHA20_POLY1305 -> 12;
      case AES_CCM_16_64_128, AES_CCM_16_64_256, AES_CCM_16_128_128, AES_CCM_16_128_256 -> 13;
      case AES_CCM_64_64_128, AES_CCM_64_64_256, AES_CCM_64_128_128, AES_CCM_64_128_256 -> 7;
      default -> throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, alg + " is not a content-encryption algorithm");
    };
  }

  private static int tagBits(CoseAlgorithm alg) {
    return switch (alg) {
      case AES_CCM_16_64_128, AES_CCM_16_64_256, AES_CCM_64_64_128, AES_CCM_64_64_256 -> 64;
      default -> 128;
    };
  }

  public static byte[] encrypt(CoseAlgorithm alg, byte[] key, byte[] iv, byte[] aad, byte[] plaintext) throws CoseException {
    return run(alg, true, key, iv, aad, plaintext);
  }

  /** Decrypts and checks the tag; a wrong key or tampered data is {@link Reason#VERIFICATION_FAILED}. */
  public static byte[] decrypt(CoseAlgorithm alg, byte[] key, byte[] iv, byte[] aad, byte[] ciphertext) throws CoseException {
    return run(alg, false, key, iv, aad, ciphertext);
  }

  private static byte[] run(CoseAlgorithm alg, boolean enc, byte[] key, byte[] iv, byte[] aad, byte[] in) throws CoseException {
    if (key.length * 8 != alg.keyBits()) {
      throw new CoseException(Reason.WRONG_KEY, alg + " needs a " + alg.keyBits() + "-bit key, got " + key.length * 8);
    }
    if (iv.length != ivLength(alg)) {
      throw new CoseException(Reason.MALFORMED, alg + " needs a " + ivLength(alg) + "-byte IV, got " + iv.length);
    }
    if (!enc && in.length < tagBits(alg) / 8) {
      throw new CoseException(Reason.VERIFICATION_FAILED, "ciphertext of " + in.length + " bytes is shorter than the "
          + alg + " tag");
    }
    try {
      if (alg.name().startsWith("AES_CCM")) {
        return ccm(alg, enc, key, iv, aad, in);
      }
      Cipher c;
      if (alg == CoseAlgorithm.CHACHA20_POLY1305) {
        c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(enc ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
      } else {
        c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(enc ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      }
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (AEADBadTagException e) {
      throw new CoseException(Reason.VERIFICATION_FAILED, "authentication tag does not verify (" + alg + ")");
    } catch (GeneralSecurityException | java.security.ProviderException e) {
      // JDK 17's GCM reports some malformed input as a ProviderException (found by Jazzer)
      throw new CoseException(enc ? Reason.WRONG_KEY : Reason.VERIFICATION_FAILED,
          alg + " " + (enc ? "encryption" : "decryption") + " failed: " + e.getMessage(), e);
    }
  }

  private static byte[] ccm(CoseAlgorithm alg, boolean enc, byte[] key, byte[] iv, byte[] aad, byte[] in) throws CoseException {
    CCMBlockCipher c = (CCMBlockCipher) CCMBlockCipher.newInstance(AESEngine.newInstance());
    c.init(enc, new AEADParameters(new KeyParameter(key), tagBits(alg), iv, aad));
    try {
      if (!enc && in.length < tagBits(alg) / 8) {
        throw new CoseException(Reason.VERIFICATION_FAILED, "ciphertext shorter than the " + alg + " tag");
      }
      return c.processPacket(in, 0, in.length);
    } catch (InvalidCipherTextException e) {
      throw new CoseException(Reason.VERIFICATION_FAILED, "authentication tag does not verify (" + alg + ")");
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new CoseException(Reason.VERIFICATION_FAILED, alg + " failed: " + e.getMessage(), e);
    }
  }
}
