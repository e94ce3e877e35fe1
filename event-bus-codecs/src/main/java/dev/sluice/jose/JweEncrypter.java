package dev.sluice.jose;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import dev.sluice.jose.JoseException.Reason;
import dev.sluice.jose.impl.JoseKeys;
import dev.sluice.jose.impl.JweKeys;

/**
 * Encrypts payloads as compact JWE to one recipient key: RSA-OAEP-256 to an RSA key, ECDH-ES or
 * ECDH-ES+A128KW/A192KW/A256KW to an EC (P-256/384/521) or X25519 key, {@code dir} with an
 * {@code oct} key of the content key's size; content with A128GCM, A192GCM or A256GCM. The
 * protected header carries {@code alg}, {@code enc} and the key's {@code kid}. Thread-safe.
 */
public final class JweEncrypter {

  private final JWK key;
  private final JWEAlgorithm alg;
  private final EncryptionMethod enc;
  private final com.nimbusds.jose.JWEEncrypter encrypter;

  /** An encrypter with the key's usual algorithms (RSA-OAEP-256, ECDH-ES+A256KW or dir; A256GCM or the dir key's size). */
  public JweEncrypter(JWK recipient) throws JoseException {
    this(recipient, JweKeys.defaultAlgorithm(recipient), JweKeys.defaultEncryption(recipient));
  }

  /** An encrypter for {@code alg} and {@code enc}; refused unless both are supported and fit the key. */
  public JweEncrypter(JWK recipient, JWEAlgorithm alg, EncryptionMethod enc) throws JoseException {
    if (alg == null || !JweKeys.SUPPORTED_ALGORITHMS.contains(alg)) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE algorithm " + alg + " is not supported");
    }
    if (enc == null || !JweKeys.SUPPORTED_ENCRYPTION.contains(enc)) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE content encryption " + enc + " is not supported");
    }
    if (!JweKeys.fits(recipient, alg, enc)) {
      throw new JoseException(Reason.WRONG_KEY, "a " + recipient.getKeyType() + " key" + JoseKeys.kidText(recipient)
          + " cannot serve JWE " + alg + " with " + enc
          + (JWEAlgorithm.DIR.equals(alg) ? " (dir needs an oct key of " + enc.cekBitLength() + " bits)" : ""));
    }
    this.key = recipient;
    this.alg = alg;
    this.enc = enc;
    this.encrypter = JweKeys.encrypter(recipient);
  }

  /** Parses a key-management algorithm name ("ECDH-ES+A128KW"), refusing those not supported. */
  public static JWEAlgorithm algorithm(String name) throws JoseException {
    JWEAlgorithm a = JWEAlgorithm.parse(name);
    if (!JweKeys.SUPPORTED_ALGORITHMS.contains(a)) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE algorithm \"" + name + "\" is not supported (one of "
          + "RSA-OAEP-256 ECDH-ES ECDH-ES+A128KW ECDH-ES+A192KW ECDH-ES+A256KW dir)");
    }
    return a;
  }

  /** Parses a content-encryption name ("A256GCM"), refusing those not supported. */
  public static EncryptionMethod encryption(String name) throws JoseException {
    EncryptionMethod e = EncryptionMethod.parse(name);
    if (!JweKeys.SUPPORTED_ENCRYPTION.contains(e)) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE content encryption \"" + name
          + "\" is not supported (one of A128GCM A192GCM A256GCM)");
    }
    return e;
  }

  public JWEAlgorithm algorithm() {
    return alg;
  }

  public EncryptionMethod encryption() {
    return enc;
  }

  /** The compact serialization of a JWE of {@code plaintext}. */
  public String encrypt(byte[] plaintext) throws JoseException {
    return encrypt(plaintext, null);
  }

  /** The compact serialization, with a {@code cty} header when {@code contentType} is not null. */
  public String encrypt(byte[] plaintext, String contentType) throws JoseException {
    JWEHeader.Builder h = new JWEHeader.Builder(alg, enc);
    if (key.getKeyID() != null) {
      h.keyID(key.getKeyID());
    }
    if (contentType != null) {
      h.contentType(contentType);
    }
    JWEObject jwe = new JWEObject(h.build(), new Payload(plaintext));
    try {
      jwe.encrypt(encrypter);
    } catch (JOSEException | RuntimeException e) {
      throw new JoseException(Reason.WRONG_KEY, "JWE encryption failed: " + e.getMessage(), e);
    }
    return jwe.serialize();
  }
}
