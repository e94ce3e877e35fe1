package dev.sluice.cose;

import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.impl.Aead;
import dev.sluice.cose.impl.Content;
import dev.sluice.cose.impl.Envelope;
import dev.sluice.cose.impl.Structures;
import java.security.SecureRandom;
import java.util.List;

/** COSE_Encrypt0 (RFC 9052 section 5.2): AEAD with a key both sides already share. Immutable. */
public final class CoseEncrypt0 {
  private final CoseHeaders headers;
  private final byte[] ciphertext;

  private CoseEncrypt0(CoseHeaders headers, byte[] ciphertext) {
    this.headers = headers;
    this.ciphertext = ciphertext;
  }

  public static CoseEncrypt0 decode(byte[] bytes) throws CoseException {
    return decode(bytes, new CoseOptions());
  }

  public static CoseEncrypt0 decode(byte[] bytes, CoseOptions options) throws CoseException {
    List<CborValue> e = Envelope.open(bytes, CoseType.ENCRYPT0, options);
    CoseHeaders h = CoseHeaders.parse(e.get(0), e.get(1), options, CoseType.ENCRYPT0.rfcName());
    byte[] ct = Envelope.bytes(e.get(2), "ciphertext", true);
    if (ct == null) {
      throw new CoseException(Reason.MALFORMED, "detached ciphertext is not supported");
    }
    return new CoseEncrypt0(h, ct);
  }

  /**
   * Encrypts with the algorithm named in {@code headers}; a random IV is added to the unprotected
   * headers unless they carry an IV or a partial IV (with the key's base IV).
   */
  public static CoseEncrypt0 encrypt(CoseHeaders headers, byte[] plaintext, byte[] externalAad, CoseKey key,
      SecureRandom random) throws CoseException {
    CoseAlgorithm alg = Content.algorithm(headers, CoseAlgorithm.Family.CONTENT_ENCRYPTION, "content encryption");
    CoseHeaders h = Content.withIv(headers, alg, random);
    byte[] aad = Structures.encStructure("Encrypt0", h.protectedForStructures(), externalAad);
    byte[] ct = Aead.encrypt(alg, CoseMac0.secret(key, alg), Content.iv(h, key.baseIv(), alg), aad, plaintext);
    return new CoseEncrypt0(h, ct);
  }

  /** Decrypts and authenticates with the shared key. */
  public byte[] decrypt(CoseKey key, byte[] externalAad) throws CoseException {
    CoseAlgorithm alg = Content.algorithm(headers, CoseAlgorithm.Family.CONTENT_ENCRYPTION, "content encryption");
    byte[] aad = Structures.encStructure("Encrypt0", headers.protectedForStructures(), externalAad);
    return Aead.decrypt(alg, CoseMac0.secret(key, alg), Content.iv(headers, key.baseIv(), alg), aad, ciphertext);
  }

  public CoseHeaders headers() {
    return headers;
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  public byte[] encode() {
    return encode(true);
  }

  public byte[] encode(boolean tagged) {
    return Envelope.encode(CoseType.ENCRYPT0, List.of(CborBytes.wrap(headers.protectedBytes()), headers.unprotectedMap(),
        CborBytes.wrap(ciphertext.clone())), tagged);
  }
}
