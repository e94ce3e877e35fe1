package dev.sluice.cose;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.impl.Aead;
import dev.sluice.cose.impl.Content;
import dev.sluice.cose.impl.Envelope;
import dev.sluice.cose.impl.RecipientCrypto;
import dev.sluice.cose.impl.Structures;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** COSE_Encrypt (RFC 9052 section 5.1): AEAD whose key reaches each recipient separately. Immutable. */
public final class CoseEncrypt {
  private final CoseHeaders headers;
  private final byte[] ciphertext;
  private final List<CoseRecipient> recipients;

  private CoseEncrypt(CoseHeaders headers, byte[] ciphertext, List<CoseRecipient> recipients) {
    this.headers = headers;
    this.ciphertext = ciphertext;
    this.recipients = List.copyOf(recipients);
  }

  public static CoseEncrypt decode(byte[] bytes) throws CoseException {
    return decode(bytes, new CoseOptions());
  }

  public static CoseEncrypt decode(byte[] bytes, CoseOptions options) throws CoseException {
    List<CborValue> e = Envelope.open(bytes, CoseType.ENCRYPT, options);
    CoseHeaders h = CoseHeaders.parse(e.get(0), e.get(1), options, CoseType.ENCRYPT.rfcName());
    byte[] ct = Envelope.bytes(e.get(2), "ciphertext", true);
    if (ct == null) {
      throw new CoseException(Reason.MALFORMED, "detached ciphertext is not supported");
    }
    return new CoseEncrypt(h, ct, CoseRecipient.parseAll(e.get(3), options, 1));
  }

  /**
   * Encrypts for the given recipients. The content key is fixed by a direct-mode recipient, else
   * {@code cek} when not null, else drawn from {@code random}; a random IV is added unless the
   * headers carry one.
   */
  public static CoseEncrypt encrypt(CoseHeaders headers, byte[] plaintext, byte[] externalAad,
      List<RecipientSpec> recipients, byte[] cek, SecureRandom random) throws CoseException {
    CoseAlgorithm alg = Content.algorithm(headers, CoseAlgorithm.Family.CONTENT_ENCRYPTION, "content encryption");
    RecipientCrypto.Protected p = RecipientCrypto.protect(recipients, alg, alg.keyBits(), cek, random);
    CoseHeaders h = Content.withIv(headers, alg, random);
    byte[] baseIv = recipients.size() == 1 && recipients.get(0).key() != null ? recipients.get(0).key().baseIv() : null;
    byte[] aad = Structures.encStructure("Encrypt", h.protectedForStructures(), externalAad);
    byte[] ct = Aead.encrypt(alg, p.key(), Content.iv(h, baseIv, alg), aad, plaintext);
    return new CoseEncrypt(h, ct, p.recipients());
  }

  /** Decrypts with the content key that {@code ctx} recovers from a recipient. */
  public byte[] decrypt(RecipientContext ctx, byte[] externalAad) throws CoseException {
    CoseAlgorithm alg = Content.algorithm(headers, CoseAlgorithm.Family.CONTENT_ENCRYPTION, "content encryption");
    byte[] aad = Structures.encStructure("Encrypt", headers.protectedForStructures(), externalAad);
    byte[] iv = Content.iv(headers, ctx.key().baseIv(), alg);
    byte[][] plain = new byte[1][];
    RecipientCrypto.openAny(recipients, ctx, alg, alg.keyBits(), key -> plain[0] = Aead.decrypt(alg, key, iv, aad, ciphertext));
    return plain[0];
  }

  public byte[] decrypt(CoseKey key, byte[] externalAad) throws CoseException {
    return decrypt(RecipientContext.of(key), externalAad);
  }

  public CoseHeaders headers() {
    return headers;
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  public List<CoseRecipient> recipients() {
    return recipients;
  }

  public byte[] encode() {
    return encode(true);
  }

  public byte[] encode(boolean tagged) {
    List<CborValue> rs = new ArrayList<>();
    for (CoseRecipient r : recipients) {
      rs.add(r.toCbor());
    }
    return Envelope.encode(CoseType.ENCRYPT, List.of(CborBytes.wrap(headers.protectedBytes()), headers.unprotectedMap(),
        CborBytes.wrap(ciphertext.clone()), new CborArray(rs)), tagged);
  }
}
