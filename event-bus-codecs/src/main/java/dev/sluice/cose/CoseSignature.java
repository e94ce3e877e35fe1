package dev.sluice.cose;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.impl.Envelope;

/** One COSE_Signature of a COSE_Sign (or an RFC 8152 countersignature): headers and signature. */
public final class CoseSignature {
  private final CoseHeaders headers;
  private final byte[] signature;

  public CoseSignature(CoseHeaders headers, byte[] signature) {
    this.headers = headers;
    this.signature = signature.clone();
  }

  static CoseSignature parse(CborValue v, CoseOptions options, String where) throws CoseException {
    if (!(v instanceof CborArray a) || a.size() != 3) {
      throw new CoseException(CoseException.Reason.MALFORMED, where + " must be an array of 3 elements");
    }
    return new CoseSignature(CoseHeaders.parse(a.get(0), a.get(1), options, where),
        Envelope.bytes(a.get(2), where + " signature", false));
  }

  CborValue toCbor() {
    return CborArray.of(CborBytes.wrap(headers.protectedBytes()), headers.unprotectedMap(), CborBytes.wrap(signature.clone()));
  }

  public CoseHeaders headers() {
    return headers;
  }

  public byte[] signature() {
    return signature.clone();
  }
}
