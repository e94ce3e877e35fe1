package dev.sluice.cose;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborException;
import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborMap;
import dev.sluice.cbor.CborReader;
import dev.sluice.cbor.CborText;
import dev.sluice.cbor.CborValue;
import dev.sluice.cbor.CborWriter;
import dev.sluice.cose.CoseException.Reason;
import java.util.Arrays;

/**
 * The two header buckets of a COSE layer: the protected headers (with their exact bytes, which
 * the signature, MAC or AEAD covers) and the unprotected ones. Immutable.
 */
public final class CoseHeaders {
  /** The protected bucket exactly as sent: empty, or the encoding of a map. */
  private final byte[] protectedBytes;
  private final CborMap protectedMap;
  private final CborMap unprotectedMap;

  private CoseHeaders(byte[] protectedBytes, CborMap protectedMap, CborMap unprotectedMap) {
    this.protectedBytes = protectedBytes;
    this.protectedMap = protectedMap;
    this.unprotectedMap = unprotectedMap;
  }

  /** No headers at all. */
  public static final CoseHeaders EMPTY = new CoseHeaders(new byte[0], CborMap.EMPTY, CborMap.EMPTY);

  /** Reads and checks the two buckets of a received layer. */
  public static CoseHeaders parse(CborValue prot, CborValue unprot, CoseOptions options, String where)
      throws CoseException {
    if (!(prot instanceof CborBytes pb)) {
      throw new CoseException(Reason.MALFORMED, where + ": protected headers must be a byte string, not a " + prot.kind());
    }
    if (!(unprot instanceof CborMap um)) {
      throw new CoseException(Reason.MALFORMED, where + ": unprotected headers must be a map, not a " + unprot.kind());
    }
    byte[] raw = pb.bytes();
    CborMap pm = CborMap.EMPTY;
    if (raw.length > 0) {
      try {
        CborValue v = new CborReader(options.getCborOptions()).decode(raw);
        if (!(v instanceof CborMap m)) {
          throw new CoseException(Reason.MALFORMED, where + ": protected headers must encode a map, not a " + v.kind());
        }
        pm = m;
      } catch (CborException e) {
        throw new CoseException(Reason.MALFORMED, where + ": protected headers: " + e.getMessage(), e);
      }
    }
    CoseHeaders h = new CoseHeaders(raw, pm, um);
    h.check(options, where);
    return h;
  }

  private void check(CoseOptions options, String where) throws CoseException {
    for (CborMap.Entry e : protectedMap.entries()) {
      if (unprotectedMap.get(e.key()) != null) {
        throw new CoseException(Reason.MALFORMED, where + ": header " + show(e.key()) + " is both protected and unprotected");
      }
    }
    if (unprotectedMap.get(HeaderLabels.CRIT) != null) {
      throw new CoseException(Reason.MALFORMED, where + ": crit must be a protected header");
    }
    CborValue crit = protectedMap.get(HeaderLabels.CRIT);
    if (crit == null) {
      return;
    }
    if (!(crit instanceof CborArray list) || list.size() == 0) {
      throw new CoseException(Reason.MALFORMED, where + ": crit must be a non-empty array of labels");
    }
    for (CborValue label : list.items()) {
      if (!(label instanceof CborInt) && !(label instanceof CborText)) {
        throw new CoseException(Reason.MALFORMED, where + ": crit lists a " + label.kind() + ", not a label");
      }
      if (protectedMap.get(label) == null) {
        throw new CoseException(Reason.MALFORMED, where + ": critical header " + show(label) + " is not in the protected headers");
      }
      if (!options.understands(label)) {
        throw new CoseException(Reason.UNKNOWN_CRITICAL_HEADER, where + ": critical header " + show(label) + " is not understood");
      }
    }
  }

  /**
   * The protected bucket as the Sig_structure, MAC_structure and Enc_structure take it: a
   * zero-length string when the bucket holds no header, even if it was sent as an encoded empty
   * map (RFC 9052 section 3: both forms are accepted and mean "no protected headers").
   */
  public byte[] protectedForStructures() {
    return protectedMap.size() == 0 ? new byte[0] : protectedBytes.clone();
  }

  /** The protected bucket as sent (a copy). */
  public byte[] protectedBytes() {
    return protectedBytes.clone();
  }

  public CborMap protectedMap() {
    return protectedMap;
  }

  public CborMap unprotectedMap() {
    return unprotectedMap;
  }

  /** A header from either bucket (protected first), or null. */
  public CborValue get(long label) {
    CborValue v = protectedMap.get(label);
    return v != null ? v : unprotectedMap.get(label);
  }

  /** A header from either bucket (protected first), or null. */
  public CborValue get(CborValue label) {
    CborValue v = protectedMap.get(label);
    return v != null ? v : unprotectedMap.get(label);
  }

  /** A byte-string header, or null when absent; refused when of another type. */
  public byte[] bytes(long label, String name) throws CoseException {
    CborValue v = get(label);
    if (v == null) {
      return null;
    }
    if (!(v instanceof CborBytes b)) {
      throw new CoseException(Reason.MALFORMED, name + " header (" + label + ") must be a byte string, not a " + v.kind());
    }
    return b.bytes();
  }

  /** The key id, or null. */
  public byte[] kid() throws CoseException {
    return bytes(HeaderLabels.KID, "kid");
  }

  /** The algorithm; refused when absent, unknown or not supported. */
  public CoseAlgorithm algorithm() throws CoseException {
    CborValue v = get(HeaderLabels.ALG);
    if (v == null) {
      throw new CoseException(Reason.MALFORMED, "no alg header");
    }
    CoseAlgorithm a = v instanceof CborInt i ? CoseAlgorithm.fromId(i.value()) : null;
    if (a == null) {
      throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, "algorithm " + show(v) + " is not supported");
    }
    return a;
  }

  /** A header label or value as error messages show it: integers as numbers, text quoted, others by kind. */
  static String show(CborValue v) {
    if (v instanceof CborInt i) {
      return Long.toString(i.value());
    }
    if (v instanceof dev.sluice.cbor.CborText t) {
      return "\"" + t.value() + "\"";
    }
    return v == null ? "none" : "a " + v.kind();
  }

  /** A builder for the headers of a layer to send. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these headers. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (CborMap.Entry e : protectedMap.entries()) {
      b.protect(e.key(), e.value());
    }
    for (CborMap.Entry e : unprotectedMap.entries()) {
      b.unprotect(e.key(), e.value());
    }
    return b;
  }

  @Override
  public String toString() {
    return "CoseHeaders(protected=" + protectedMap + ", unprotected=" + unprotectedMap + ")";
  }

  /**
   * Collects headers to send. The protected bucket is encoded deterministically (sorted keys)
   * unless {@link #keepProtectedOrder()} is called; the unprotected bucket keeps insertion order.
   */
  public static final class Builder {
    /** Protected headers so far. */
    private final CborMap.Builder prot = CborMap.builder();
    /** Unprotected headers so far. */
    private final CborMap.Builder unprot = CborMap.builder();
    /** Whether the protected map keeps insertion order instead of the deterministic one. */
    private boolean keepOrder;
    /** Exact protected bytes to send instead of an encoding of the map, or null. */
    private byte[] rawProtected;

    public Builder protect(long label, CborValue value) {
      prot.put(label, value);
      return this;
    }

    public Builder protect(CborValue label, CborValue value) {
      prot.put(label, value);
      return this;
    }

    public Builder unprotect(long label, CborValue value) {
      unprot.put(label, value);
      return this;
    }

    public Builder unprotect(CborValue label, CborValue value) {
      unprot.put(label, value);
      return this;
    }

    /** Puts {@code alg} in the protected bucket. */
    public Builder algorithm(CoseAlgorithm alg) {
      return protect(HeaderLabels.ALG, new CborInt(alg.id()));
    }

    /** Puts a key id in the unprotected bucket. */
    public Builder kid(byte[] kid) {
      return unprotect(HeaderLabels.KID, new CborBytes(kid));
    }

    /** Encodes the protected map in insertion order (to reproduce a given message). */
    public Builder keepProtectedOrder() {
      this.keepOrder = true;
      return this;
    }

    /** Sends these exact protected bytes (an encoded map; for tests and reproduction). */
    public Builder rawProtected(byte[] raw) {
      this.rawProtected = raw.clone();
      return this;
    }

    public CoseHeaders build() {
      CborMap pm = prot.build();
      CborMap um = unprot.build();
      byte[] raw;
      if (rawProtected != null) {
        raw = rawProtected;
      } else if (pm.size() == 0) {
        raw = new byte[0];
      } else {
        raw = (keepOrder ? CborWriter.plain() : CborWriter.deterministic()).encode(pm);
      }
      return new CoseHeaders(raw, pm, um);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoseHeaders h && Arrays.equals(protectedBytes, h.protectedBytes)
        && unprotectedMap.equals(h.unprotectedMap);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(protectedBytes) * 31 + unprotectedMap.hashCode();
  }
}
