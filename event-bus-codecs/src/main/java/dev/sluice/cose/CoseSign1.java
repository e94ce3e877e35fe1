package dev.sluice.cose;

import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.impl.Envelope;
import dev.sluice.cose.impl.SignatureAlgs;
import dev.sluice.cose.impl.Structures;
import java.util.List;

/** COSE_Sign1 (RFC 9052 section 4.2): one signature over the payload. Immutable. */
public final class CoseSign1 {
  private final CoseHeaders headers;
  /** The payload, or null when detached. */
  private final byte[] payload;
  private final byte[] signature;

  private CoseSign1(CoseHeaders headers, byte[] payload, byte[] signature) {
    this.headers = headers;
    this.payload = payload;
    this.signature = signature;
  }

  public static CoseSign1 decode(byte[] bytes) throws CoseException {
    return decode(bytes, new CoseOptions());
  }

  /** Decodes and checks the structure and headers (not the signature: see {@link #verify}). */
  public static CoseSign1 decode(byte[] bytes, CoseOptions options) throws CoseException {
    return fromElements(Envelope.open(bytes, CoseType.SIGN1, options), options);
  }

  static CoseSign1 fromElements(List<CborValue> e, CoseOptions options) throws CoseException {
    CoseHeaders h = CoseHeaders.parse(e.get(0), e.get(1), options, CoseType.SIGN1.rfcName());
    byte[] payload = Envelope.bytes(e.get(2), "payload", true);
    byte[] sig = Envelope.bytes(e.get(3), "signature", false);
    return new CoseSign1(h, payload, sig);
  }

  /** Signs {@code payload} with the algorithm named in {@code headers}. */
  public static CoseSign1 sign(CoseHeaders headers, byte[] payload, byte[] externalAad, CoseKey key) throws CoseException {
    CoseAlgorithm alg = headers.algorithm();
    byte[] tbs = Structures.toBeSigned(headers.protectedForStructures(), null, externalAad, payload);
    return new CoseSign1(headers, payload.clone(), SignatureAlgs.sign(alg, key, tbs));
  }

  /** Signs with {@code alg} (protected) and the key's id (unprotected) when it has one. */
  public static CoseSign1 sign(CoseAlgorithm alg, byte[] payload, CoseKey key) throws CoseException {
    CoseHeaders.Builder h = CoseHeaders.builder().algorithm(alg);
    if (key.kid() != null) {
      h.kid(key.kid());
    }
    return sign(h.build(), payload, new byte[0], key);
  }

  /** The same message with the payload left out (detached); verify with {@link #verifyDetached}. */
  public CoseSign1 detach() {
    return new CoseSign1(headers, null, signature);
  }

  /** Verifies the signature with {@code key}; refuses a wrong key type, an unknown alg or a bad signature. */
  public void verify(CoseKey key, byte[] externalAad) throws CoseException {
    if (payload == null) {
      throw new CoseException(Reason.MALFORMED, "the payload is detached: use verifyDetached");
    }
    check(key, externalAad, payload);
  }

  /** Verifies a message whose payload travels separately. */
  public void verifyDetached(CoseKey key, byte[] externalAad, byte[] detachedPayload) throws CoseException {
    check(key, externalAad, detachedPayload);
  }

  private void check(CoseKey key, byte[] aad, byte[] content) throws CoseException {
    CoseAlgorithm alg = headers.algorithm();
    if (alg.family() != CoseAlgorithm.Family.SIGNATURE) {
      throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, alg + " is not a signature algorithm");
    }
    if (!SignatureAlgs.verify(alg, key, Structures.toBeSigned(headers.protectedForStructures(), null, aad, content), signature)) {
      throw new CoseException(Reason.VERIFICATION_FAILED, "COSE_Sign1 " + alg + " signature does not verify");
    }
  }

  /** The Sig_structure this message's signature covers. */
  public byte[] toBeSigned(byte[] externalAad) {
    return Structures.toBeSigned(headers.protectedForStructures(), null, externalAad, payload);
  }

  public CoseHeaders headers() {
    return headers;
  }

  /** The payload, or null when detached. */
  public byte[] payload() {
    return payload == null ? null : payload.clone();
  }

  public byte[] signature() {
    return signature.clone();
  }

  /** The tagged encoding. */
  public byte[] encode() {
    return encode(true);
  }

  public byte[] encode(boolean tagged) {
    return Envelope.encode(CoseType.SIGN1, List.of(CborBytes.wrap(headers.protectedBytes()), headers.unprotectedMap(),
        payload == null ? CborSimple.NULL : CborBytes.wrap(payload.clone()), CborBytes.wrap(signature.clone())), tagged);
  }

  /** Same message with other unprotected headers (a countersignature added, for instance). */
  public CoseSign1 withHeaders(CoseHeaders newHeaders) {
    if (!java.util.Arrays.equals(newHeaders.protectedBytes(), headers.protectedBytes())) {
      throw new IllegalArgumentException("the protected headers of a signed message cannot change");
    }
    return new CoseSign1(newHeaders, payload, signature);
  }
}
