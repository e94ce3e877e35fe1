package dev.sluice.cose;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.impl.Content;
import dev.sluice.cose.impl.Envelope;
import dev.sluice.cose.impl.MacAlgs;
import dev.sluice.cose.impl.RecipientCrypto;
import dev.sluice.cose.impl.Structures;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** COSE_Mac (RFC 9052 section 6.1): a MAC whose key reaches each recipient separately. Immutable. */
public final class CoseMac {
  private final CoseHeaders headers;
  /** The payload, or null when detached. */
  private final byte[] payload;
  private final byte[] tag;
  private final List<CoseRecipient> recipients;

  private CoseMac(CoseHeaders headers, byte[] payload, byte[] tag, List<CoseRecipient> recipients) {
    this.headers = headers;
    this.payload = payload;
    this.tag = tag;
    this.recipients = List.copyOf(recipients);
  }

  public static CoseMac decode(byte[] bytes) throws CoseException {
    return decode(bytes, new CoseOptions());
  }

  public static CoseMac decode(byte[] bytes, CoseOptions options) throws CoseException {
    List<CborValue> e = Envelope.open(bytes, CoseType.MAC, options);
    CoseHeaders h = CoseHeaders.parse(e.get(0), e.get(1), options, CoseType.MAC.rfcName());
    return new CoseMac(h, Envelope.bytes(e.get(2), "payload", true), Envelope.bytes(e.get(3), "tag", false),
        CoseRecipient.parseAll(e.get(4), options, 1));
  }

  /**
   * MACs {@code payload} for the given recipients; the MAC key is fixed by a direct-mode
   * recipient, else {@code macKey} when not null, else drawn from {@code random}.
   */
  public static CoseMac create(CoseHeaders headers, byte[] payload, byte[] externalAad, List<RecipientSpec> recipients,
      byte[] macKey, SecureRandom random) throws CoseException {
    CoseAlgorithm alg = Content.algorithm(headers, CoseAlgorithm.Family.MAC, "a MAC");
    RecipientCrypto.Protected p = RecipientCrypto.protect(recipients, alg, alg.keyBits(), macKey, random);
    byte[] toMac = Structures.toBeMaced("MAC", headers.protectedForStructures(), externalAad, payload);
    return new CoseMac(headers, payload.clone(), MacAlgs.tag(alg, p.key(), toMac), p.recipients());
  }

  /** Verifies the tag with the key that {@code ctx} recovers from a recipient. */
  public void verify(RecipientContext ctx, byte[] externalAad) throws CoseException {
    if (payload == null) {
      throw new CoseException(Reason.MALFORMED, "the payload is detached: use verifyDetached");
    }
    verifyDetached(ctx, externalAad, payload);
  }

  public void verify(CoseKey key, byte[] externalAad) throws CoseException {
    verify(RecipientContext.of(key), externalAad);
  }

  public void verifyDetached(RecipientContext ctx, byte[] externalAad, byte[] content) throws CoseException {
    CoseAlgorithm alg = Content.algorithm(headers, CoseAlgorithm.Family.MAC, "a MAC");
    byte[] toMac = Structures.toBeMaced("MAC", headers.protectedForStructures(), externalAad, content);
    RecipientCrypto.openAny(recipients, ctx, alg, alg.keyBits(), key -> {
      if (!MacAlgs.verify(alg, key, toMac, tag)) {
        throw new CoseException(Reason.VERIFICATION_FAILED, "COSE_Mac " + alg + " tag does not verify");
      }
    });
  }

  public CoseHeaders headers() {
    return headers;
  }

  public byte[] payload() {
    return payload == null ? null : payload.clone();
  }

  public byte[] tag() {
    return tag.clone();
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
    return Envelope.encode(CoseType.MAC, List.of(CborBytes.wrap(headers.protectedBytes()), headers.unprotectedMap(),
        payload == null ? CborSimple.NULL : CborBytes.wrap(payload.clone()), CborBytes.wrap(tag.clone()),
        new CborArray(rs)), tagged);
  }
}
