package dev.sluice.cose.impl;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborValue;
import dev.sluice.cbor.CborWriter;
import dev.sluice.cose.CoseHeaders;
import dev.sluice.cose.HeaderLabels;
import dev.sluice.cose.KdfInfo;
import java.util.ArrayList;
import java.util.List;

/** COSE_KDF_Context (RFC 9053 section 5.2), the HKDF "info" of every COSE key derivation. */
public final class KdfContext {
  private KdfContext() {}

  /**
   * The context for deriving a key for {@code algorithmId} of {@code keyBits} bits in a recipient
   * with {@code headers}; party values in the headers win over those of {@code info}.
   */
  public static byte[] build(long algorithmId, int keyBits, CoseHeaders headers, KdfInfo info) {
    CborValue partyU = CborArray.of(
        pick(headers, HeaderLabels.PARTY_U_IDENTITY, info.partyUIdentity()),
        pick(headers, HeaderLabels.PARTY_U_NONCE, info.partyUNonce()),
        pick(headers, HeaderLabels.PARTY_U_OTHER, info.partyUOther()));
    CborValue partyV = CborArray.of(
        pick(headers, HeaderLabels.PARTY_V_IDENTITY, info.partyVIdentity()),
        pick(headers, HeaderLabels.PARTY_V_NONCE, info.partyVNonce()),
        pick(headers, HeaderLabels.PARTY_V_OTHER, info.partyVOther()));
    List<CborValue> suppPub = new ArrayList<>(3);
    suppPub.add(new CborInt(keyBits));
    suppPub.add(CborBytes.wrap(headers.protectedBytes()));
    if (info.suppPubOther() != null) {
      suppPub.add(new CborBytes(info.suppPubOther()));
    }
    List<CborValue> ctx = new ArrayList<>(5);
    ctx.add(new CborInt(algorithmId));
    ctx.add(partyU);
    ctx.add(partyV);
    ctx.add(new CborArray(suppPub));
    if (info.suppPrivInfo() != null) {
      ctx.add(new CborBytes(info.suppPrivInfo()));
    }
    return CborWriter.deterministic().encode(new CborArray(ctx));
  }

  private static CborValue pick(CoseHeaders headers, long label, byte[] fallback) {
    CborValue v = headers.get(label);
    if (v != null) {
      return v;
    }
    return fallback == null ? CborSimple.NULL : new CborBytes(fallback);
  }
}
