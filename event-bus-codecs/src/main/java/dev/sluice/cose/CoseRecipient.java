package dev.sluice.cose;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.impl.Envelope;
import java.util.ArrayList;
import java.util.List;

/** One COSE_recipient: headers, the encrypted or wrapped key (may be empty), nested recipients. */
public final class CoseRecipient {
  private final CoseHeaders headers;
  /** Wrapped or encrypted key; empty for direct modes. */
  private final byte[] ciphertext;
  private final List<CoseRecipient> recipients;

  public CoseRecipient(CoseHeaders headers, byte[] ciphertext, List<CoseRecipient> recipients) {
    this.headers = headers;
    this.ciphertext = ciphertext == null ? new byte[0] : ciphertext.clone();
    this.recipients = List.copyOf(recipients);
  }

  /** Reads a recipients array. */
  static List<CoseRecipient> parseAll(CborValue v, CoseOptions options, int depth) throws CoseException {
    if (!(v instanceof CborArray a) || a.size() == 0) {
      throw new CoseException(CoseException.Reason.MALFORMED, "recipients must be a non-empty array");
    }
    if (depth > 4) {
      throw new CoseException(CoseException.Reason.MALFORMED, "recipients nested deeper than 4 layers");
    }
    List<CoseRecipient> out = new ArrayList<>(a.size());
    for (CborValue r : a.items()) {
      out.add(parse(r, options, depth));
    }
    return out;
  }

  private static CoseRecipient parse(CborValue v, CoseOptions options, int depth) throws CoseException {
    if (!(v instanceof CborArray a) || (a.size() != 3 && a.size() != 4)) {
      throw new CoseException(CoseException.Reason.MALFORMED, "a COSE_recipient must be an array of 3 or 4 elements");
    }
    CoseHeaders h = CoseHeaders.parse(a.get(0), a.get(1), options, "recipient");
    byte[] ct = Envelope.bytes(a.get(2), "recipient ciphertext", true);
    List<CoseRecipient> nested = a.size() == 4 ? parseAll(a.get(3), options, depth + 1) : List.of();
    return new CoseRecipient(h, ct, nested);
  }

  /** The CBOR form. */
  public CborValue toCbor() {
    List<CborValue> items = new ArrayList<>(4);
    items.add(CborBytes.wrap(headers.protectedBytes()));
    items.add(headers.unprotectedMap());
    items.add(CborBytes.wrap(ciphertext.clone()));
    if (!recipients.isEmpty()) {
      List<CborValue> rs = new ArrayList<>();
      for (CoseRecipient r : recipients) {
        rs.add(r.toCbor());
      }
      items.add(new CborArray(rs));
    }
    return new CborArray(items);
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
}
