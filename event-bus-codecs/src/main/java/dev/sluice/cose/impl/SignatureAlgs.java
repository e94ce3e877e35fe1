package dev.sluice.cose.impl;

import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.CoseKey;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/** Signatures on the JDK: ECDSA in the fixed-length form COSE uses, EdDSA, RSASSA-PSS. */
public final class SignatureAlgs {
  private SignatureAlgs() {}

  /** Signs {@code toBeSigned}. */
  public static byte[] sign(CoseAlgorithm alg, CoseKey key, byte[] toBeSigned) throws CoseException {
    checkKey(alg, key);
    if (isEd25519(alg, key)) {
      return Ed25519.sign(key, toBeSigned);
    }
    try {
      Signature s = instance(alg);
      s.initSign(key.privateKey());
      s.update(toBeSigned);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.WRONG_KEY, "cannot sign with " + alg + ": " + e.getMessage(), e);
    }
  }

  /** Verifies a signature; false when it does not verify, whatever the reason. */
  public static boolean verify(CoseAlgorithm alg, CoseKey key, byte[] toBeSigned, byte[] signature) throws CoseException {
    checkKey(alg, key);
    if (isEd25519(alg, key)) {
      return Ed25519.verify(key, toBeSigned, signature);
    }
    if ((alg == CoseAlgorithm.ES256 || alg == CoseAlgorithm.ES384 || alg == CoseAlgorithm.ES512)
        && signature.length != 2 * key.curve().size()) {
      return false;
    }
    try {
      Signature s = instance(alg);
      s.initVerify(key.publicKey());
      s.update(toBeSigned);
      return s.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.WRONG_KEY, "cannot verify with " + alg + ": " + e.getMessage(), e);
    }
  }

  /** Refuses a key of the wrong type or curve for the algorithm, or one restricted to another one. */
  public static void checkKey(CoseAlgorithm alg, CoseKey key) throws CoseException {
    if (key.algorithm() != null && key.algorithm() != alg) {
      throw new CoseException(Reason.WRONG_KEY, "the key is for " + key.algorithm() + ", the message uses " + alg);
    }
    boolean ok = switch (alg) {
      // RFC 9053 recommends (SHOULD) P-256/384/521 for ES256/384/512; the hash is the algorithm's
      case ES256, ES384, ES512 -> key.type() == CoseKey.Type.EC2;
      case EDDSA -> key.type() == CoseKey.Type.OKP && key.curve().isEdwards();
      case PS256, PS384, PS512 -> key.type() == CoseKey.Type.RSA;
      default -> throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, alg + " is not a signature algorithm");
    };
    if (!ok) {
      throw new CoseException(Reason.WRONG_KEY, alg + " needs " + expected(alg) + ", got " + describe(key));
    }
  }

  private static boolean isEd25519(CoseAlgorithm alg, CoseKey key) {
    return alg == CoseAlgorithm.EDDSA && key.curve() == Curves.ED25519;
  }

  static String describe(CoseKey key) {
    return key.type() + (key.curveName() != null ? " " + key.curveName() : "") + " key";
  }

  private static String expected(CoseAlgorithm alg) {
    return switch (alg) {
      case ES256, ES384, ES512 -> "an EC2 key";
      case EDDSA -> "an OKP Ed25519 or Ed448 key";
      default -> "an RSA key";
    };
  }

  private static Signature instance(CoseAlgorithm alg) throws GeneralSecurityException {
    switch (alg) {
      case ES256: return Signature.getInstance("SHA256withECDSAinP1363Format");
      case ES384: return Signature.getInstance("SHA384withECDSAinP1363Format");
      case ES512: return Signature.getInstance("SHA512withECDSAinP1363Format");
      case EDDSA: return Signature.getInstance("EdDSA");
      default: {
        String hash = alg == CoseAlgorithm.PS256 ? "SHA-256" : alg == CoseAlgorithm.PS384 ? "SHA-384" : "SHA-512";
        int saltLen = alg == CoseAlgorithm.PS256 ? 32 : alg == CoseAlgorithm.PS384 ? 48 : 64;
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLen, 1));
        return s;
      }
    }
  }
}
