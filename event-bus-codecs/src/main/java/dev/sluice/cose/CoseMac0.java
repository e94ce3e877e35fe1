package dev.sluice.cose;

import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.impl.Content;
import dev.sluice.cose.impl.Envelope;
import dev.sluice.cose.impl.MacAlgs;
import dev.sluice.cose.impl.Structures;
import java.util.List;

/** COSE_Mac0 (RFC 9052 section 6.2): a MAC with a key both sides already share. Immutable. */
public final class CoseMac0 {
  private final CoseHeaders headers;
  /** The payload, or null when detached. */
  private final byte[] payload;
  private final byte[] tag;

  private CoseMac0(CoseHeaders headers, byte[] payload, byte[] tag) {
    this.headers = headers;
    this.payload = payload;
    this.tag = tag;
  }

  public static CoseMac0 decode(byte[] bytes) throws CoseException {
    return decode(bytes, new CoseOptions());
  }

  public static CoseMac0 decode(byte[] bytes, CoseOptions options) throws CoseException {
    List<CborValue> e = Envelope.open(bytes, CoseType.MAC0, options);
    CoseHeaders h = CoseHeaders.parse(e.get(0), e.get(1), options, CoseType.MAC0.rfcName());
    return new CoseMac0(h, Envelope.bytes(e.get(2), "payload", true), Envelope.bytes(e.get(3), "tag", false));
  }

  /** MACs {@code payload} with the algorithm named in {@code headers} and a symmetric key. */
  public static CoseMac0 create(CoseHeaders headers, byte[] payload, byte[] externalAad, CoseKey key) throws CoseException {
    CoseAlgorithm alg = Content.algorithm(headers, CoseAlgorithm.Family.MAC, "a MAC");
    byte[] toMac = Structures.toBeMaced("MAC0", headers.protectedForStructures(), externalAad, payload);
    return new CoseMac0(headers, payload.clone(), MacAlgs.tag(alg, secret(key, alg), toMac));
  }

  /** Verifies the tag with the shared key. */
  public void verify(CoseKey key, byte[] externalAad) throws CoseException {
    if (payload == null) {
      throw new CoseException(Reason.MALFORMED, "the payload is detached: use verifyDetached");
    }
    verifyDetached(key, externalAad, payload);
  }

  public void verifyDetached(CoseKey key, byte[] externalAad, byte[] content) throws CoseException {
    CoseAlgorithm alg = Content.algorithm(headers, CoseAlgorithm.Family.MAC, "a MAC");
    byte[] toMac = Structures.toBeMaced("MAC0", headers.protectedForStructures(), externalAad, content);
    if (!MacAlgs.verify(alg, secret(key, alg), toMac, tag)) {
      throw new CoseException(Reason.VERIFICATION_FAILED, "COSE_Mac0 " + alg + " tag does not verify");
    }
  }

  static byte[] secret(CoseKey key, CoseAlgorithm alg) throws CoseException {
    if (key.type() != CoseKey.Type.SYMMETRIC) {
      throw new CoseException(Reason.WRONG_KEY, alg + " needs a symmetric key, got " + key);
    }
    if (key.algorithm() != null && key.algorithm() != alg) {
      throw new CoseException(Reason.WRONG_KEY, "the key is for " + key.algorithm() + ", the message uses " + alg);
    }
    return key.secret();
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

  public byte[] encode() {
    return encode(true);
  }

  public byte[] encode(boolean tagged) {
    return Envelope.encode(CoseType.MAC0, List.of(CborBytes.wrap(headers.protectedBytes()), headers.unprotectedMap(),
        payload == null ? CborSimple.NULL : CborBytes.wrap(payload.clone()), CborBytes.wrap(tag.clone())), tagged);
  }
}
