package dev.sluice.cose;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.impl.Envelope;
import dev.sluice.cose.impl.SignatureAlgs;
import dev.sluice.cose.impl.Structures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** COSE_Sign (RFC 9052 section 4.1): one or more signatures over the payload. Immutable. */
public final class CoseSign {
  private final CoseHeaders headers;
  /** The payload, or null when detached. */
  private final byte[] payload;
  private final List<CoseSignature> signatures;

  private CoseSign(CoseHeaders headers, byte[] payload, List<CoseSignature> signatures) {
    this.headers = headers;
    this.payload = payload;
    this.signatures = List.copyOf(signatures);
  }

  public static CoseSign decode(byte[] bytes) throws CoseException {
    return decode(bytes, new CoseOptions());
  }

  public static CoseSign decode(byte[] bytes, CoseOptions options) throws CoseException {
    List<CborValue> e = Envelope.open(bytes, CoseType.SIGN, options);
    CoseHeaders h = CoseHeaders.parse(e.get(0), e.get(1), options, CoseType.SIGN.rfcName());
    byte[] payload = Envelope.bytes(e.get(2), "payload", true);
    if (!(e.get(3) instanceof CborArray a) || a.size() == 0) {
      throw new CoseException(Reason.MALFORMED, "COSE_Sign signatures must be a non-empty array");
    }
    List<CoseSignature> sigs = new ArrayList<>();
    for (CborValue v : a.items()) {
      sigs.add(CoseSignature.parse(v, options, "COSE_Signature"));
    }
    return new CoseSign(h, payload, sigs);
  }

  /** Signs {@code payload} once per signer. */
  public static CoseSign sign(CoseHeaders headers, byte[] payload, byte[] externalAad, List<SignerSpec> signers)
      throws CoseException {
    if (signers.isEmpty()) {
      throw new CoseException(Reason.MALFORMED, "a COSE_Sign needs at least one signer");
    }
    List<CoseSignature> sigs = new ArrayList<>();
    for (SignerSpec s : signers) {
      CoseAlgorithm alg = s.headers().algorithm();
      byte[] tbs = Structures.toBeSigned(headers.protectedForStructures(), s.headers().protectedForStructures(), externalAad, payload);
      sigs.add(new CoseSignature(s.headers(), SignatureAlgs.sign(alg, s.key(), tbs)));
    }
    return new CoseSign(headers, payload.clone(), sigs);
  }

  /**
   * Verifies the signature made with {@code key}: the signers whose key id matches the key's (all
   * when either has none) are tried; refused when none verifies.
   */
  public void verify(CoseKey key, byte[] externalAad) throws CoseException {
    verifyDetached(key, externalAad, payload);
  }

  public void verifyDetached(CoseKey key, byte[] externalAad, byte[] content) throws CoseException {
    if (content == null) {
      throw new CoseException(Reason.MALFORMED, "the payload is detached: use verifyDetached");
    }
    // The key id is a hint: signatures naming the key first, then the others.
    List<CoseSignature> order = new ArrayList<>();
    for (CoseSignature s : signatures) {
      CborValue kid = s.headers().get(HeaderLabels.KID);
      if (kid instanceof CborBytes b && Arrays.equals(b.bytes(), key.kid())) {
        order.add(s);
      }
    }
    for (CoseSignature s : signatures) {
      if (!order.contains(s)) {
        order.add(s);
      }
    }
    CoseException first = null;
    for (CoseSignature s : order) {
      try {
        verifySignature(s, key, externalAad, content);
        return;
      } catch (CoseException e) {
        first = first == null ? e : first;
      }
    }
    throw first;
  }

  private void verifySignature(CoseSignature s, CoseKey key, byte[] aad, byte[] content) throws CoseException {
    CoseAlgorithm alg = s.headers().algorithm();
    if (alg.family() != CoseAlgorithm.Family.SIGNATURE) {
      throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, alg + " is not a signature algorithm");
    }
    byte[] tbs = Structures.toBeSigned(headers.protectedForStructures(), s.headers().protectedForStructures(), aad, content);
    if (!SignatureAlgs.verify(alg, key, tbs, s.signature())) {
      throw new CoseException(Reason.VERIFICATION_FAILED, "COSE_Sign " + alg + " signature does not verify");
    }
  }

  /** The Sig_structure of signature {@code index}. */
  public byte[] toBeSigned(int index, byte[] externalAad) {
    return Structures.toBeSigned(headers.protectedForStructures(), signatures.get(index).headers().protectedForStructures(), externalAad,
        payload);
  }

  public CoseHeaders headers() {
    return headers;
  }

  public byte[] payload() {
    return payload == null ? null : payload.clone();
  }

  public List<CoseSignature> signatures() {
    return signatures;
  }

  public byte[] encode() {
    return encode(true);
  }

  public byte[] encode(boolean tagged) {
    List<CborValue> sigs = new ArrayList<>();
    for (CoseSignature s : signatures) {
      sigs.add(s.toCbor());
    }
    return Envelope.encode(CoseType.SIGN, List.of(CborBytes.wrap(headers.protectedBytes()), headers.unprotectedMap(),
        payload == null ? CborSimple.NULL : CborBytes.wrap(payload.clone()), new CborArray(sigs)), tagged);
  }
}
