package dev.sluice.jose.impl;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.X25519Decrypter;
import com.nimbusds.jose.crypto.X25519Encrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.JoseException.Reason;
import java.util.Set;

/**
 * Which JWE key-management algorithms a key may serve, and Nimbus encrypters and decrypters for
 * it. As for signatures, a key only ever serves the algorithms of its own type.
 */
public final class JweKeys {
  private JweKeys() {}

  /** Every JWE key-management algorithm Sluice accepts. */
  public static final Set<JWEAlgorithm> SUPPORTED_ALGORITHMS = Set.of(JWEAlgorithm.RSA_OAEP_256, JWEAlgorithm.ECDH_ES,
      JWEAlgorithm.ECDH_ES_A128KW, JWEAlgorithm.ECDH_ES_A192KW, JWEAlgorithm.ECDH_ES_A256KW, JWEAlgorithm.DIR);

  /** Every JWE content-encryption algorithm Sluice accepts. */
  public static final Set<EncryptionMethod> SUPPORTED_ENCRYPTION =
      Set.of(EncryptionMethod.A128GCM, EncryptionMethod.A192GCM, EncryptionMethod.A256GCM);

  /** True when {@code key} may serve {@code alg} (its type, curve and any {@code alg}/{@code use} it declares). */
  public static boolean fits(JWK key, JWEAlgorithm alg, EncryptionMethod enc) {
    if (key.getKeyUse() != null && !KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
      return false;
    }
    // A key may name its key-management algorithm, or for "dir" its content encryption.
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())
        && !(JWEAlgorithm.DIR.equals(alg) && enc != null && key.getAlgorithm().getName().equals(enc.getName()))) {
      return false;
    }
    if (JWEAlgorithm.RSA_OAEP_256.equals(alg)) {
      return key instanceof RSAKey;
    }
    if (JWEAlgorithm.Family.ECDH_ES.contains(alg)) {
      return key instanceof ECKey ec && (Curve.P_256.equals(ec.getCurve()) || Curve.P_384.equals(ec.getCurve())
          || Curve.P_521.equals(ec.getCurve()))
          || key instanceof OctetKeyPair okp && Curve.X25519.equals(okp.getCurve());
    }
    if (JWEAlgorithm.DIR.equals(alg)) {
      return key instanceof OctetSequenceKey oct
          && (enc == null || oct.size() == enc.cekBitLength());
    }
    return false;
  }

  /** The usual algorithm for a recipient key: RSA-OAEP-256, ECDH-ES+A256KW, or dir. */
  public static JWEAlgorithm defaultAlgorithm(JWK key) throws JoseException {
    if (key.getAlgorithm() != null && SUPPORTED_ALGORITHMS.contains(JWEAlgorithm.parse(key.getAlgorithm().getName()))) {
      return JWEAlgorithm.parse(key.getAlgorithm().getName());
    }
    if (key instanceof RSAKey) {
      return JWEAlgorithm.RSA_OAEP_256;
    }
    if (key instanceof ECKey || key instanceof OctetKeyPair okp && Curve.X25519.equals(okp.getCurve())) {
      return JWEAlgorithm.ECDH_ES_A256KW;
    }
    if (key instanceof OctetSequenceKey) {
      return JWEAlgorithm.DIR;
    }
    throw new JoseException(Reason.WRONG_KEY, "no JWE algorithm for a " + key.getKeyType() + " key"
        + (key instanceof OctetKeyPair okp ? " on " + okp.getCurve() + " (X25519 encrypts, Ed25519 only signs)" : ""));
  }

  /** The usual content encryption for a key: the GCM of a dir key's size, else A256GCM. */
  public static EncryptionMethod defaultEncryption(JWK key) {
    if (key instanceof OctetSequenceKey oct) {
      return switch (oct.size()) {
        case 128 -> EncryptionMethod.A128GCM;
        case 192 -> EncryptionMethod.A192GCM;
        default -> EncryptionMethod.A256GCM;
      };
    }
    return EncryptionMethod.A256GCM;
  }

  /** An encrypter for a recipient key that {@link #fits} the algorithm. */
  public static JWEEncrypter encrypter(JWK key) throws JoseException {
    try {
      if (key instanceof RSAKey rsa) {
        return new RSAEncrypter(rsa.toPublicJWK());
      }
      if (key instanceof ECKey ec) {
        return new ECDHEncrypter(ec.toPublicJWK());
      }
      if (key instanceof OctetKeyPair okp && Curve.X25519.equals(okp.getCurve())) {
        return new X25519Encrypter(okp.toPublicJWK());
      }
      if (key instanceof OctetSequenceKey oct) {
        return new DirectEncrypter(oct);
      }
    } catch (JOSEException e) {
      throw new JoseException(Reason.WRONG_KEY, "unusable " + key.getKeyType() + " key for JWE: " + e.getMessage(), e);
    }
    throw new JoseException(Reason.WRONG_KEY, "no JWE encrypter for a " + key.getKeyType() + " key");
  }

  /** A decrypter for a private (or secret) key. */
  public static JWEDecrypter decrypter(JWK key) throws JoseException {
    if (!(key instanceof OctetSequenceKey) && !key.isPrivate()) {
      throw new JoseException(Reason.WRONG_KEY, "decryption needs a private key; the " + key.getKeyType()
          + " key" + JoseKeys.kidText(key) + " is public");
    }
    try {
      if (key instanceof RSAKey rsa) {
        return new RSADecrypter(rsa);
      }
      if (key instanceof ECKey ec) {
        return new ECDHDecrypter(ec);
      }
      if (key instanceof OctetKeyPair okp && Curve.X25519.equals(okp.getCurve())) {
        return new X25519Decrypter(okp);
      }
      if (key instanceof OctetSequenceKey oct) {
        return new DirectDecrypter(oct);
      }
    } catch (JOSEException e) {
      throw new JoseException(Reason.WRONG_KEY, "unusable " + key.getKeyType() + " key for JWE: " + e.getMessage(), e);
    }
    throw new JoseException(Reason.WRONG_KEY, "no JWE decrypter for a " + key.getKeyType() + " key");
  }
}
