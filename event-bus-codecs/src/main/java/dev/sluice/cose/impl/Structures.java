package dev.sluice.cose.impl;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborText;
import dev.sluice.cbor.CborValue;
import dev.sluice.cbor.CborWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte strings COSE signs, MACs and authenticates (RFC 9052 sections 4.4, 5.3, 6.3), always in
 * deterministic encoding.
 */
public final class Structures {
  private Structures() {}

  private static CborBytes b(byte[] bytes) {
    return CborBytes.wrap(bytes == null ? new byte[0] : bytes);
  }

  /** Sig_structure for COSE_Sign1 ({@code signProtected} null) or COSE_Sign. */
  public static byte[] toBeSigned(byte[] bodyProtected, byte[] signProtected, byte[] aad, byte[] payload) {
    List<CborValue> items = new ArrayList<>(5);
    items.add(new CborText(signProtected == null ? "Signature1" : "Signature"));
    items.add(b(bodyProtected));
    if (signProtected != null) {
      items.add(b(signProtected));
    }
    items.add(b(aad));
    items.add(b(payload));
    return CborWriter.deterministic().encode(new CborArray(items));
  }

  /** RFC 8152 countersignature structure ("CounterSignature" or "CounterSignature0"). */
  public static byte[] toBeCountersigned(boolean abbreviated, byte[] bodyProtected, byte[] signProtected, byte[] aad,
      byte[] payload) {
    return CborWriter.deterministic().encode(CborArray.of(
        new CborText(abbreviated ? "CounterSignature0" : "CounterSignature"),
        b(bodyProtected), b(signProtected), b(aad), b(payload)));
  }

  /** MAC_structure: context "MAC0" or "MAC". */
  public static byte[] toBeMaced(String context, byte[] prot, byte[] aad, byte[] payload) {
    return CborWriter.deterministic().encode(CborArray.of(new CborText(context), b(prot), b(aad), b(payload)));
  }

  /** Enc_structure: context "Encrypt0", "Encrypt", "Enc_Recipient", "Mac_Recipient" or "Rec_Recipient". */
  public static byte[] encStructure(String context, byte[] prot, byte[] aad) {
    return CborWriter.deterministic().encode(CborArray.of(new CborText(context), b(prot), b(aad)));
  }
}
