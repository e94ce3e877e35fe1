package dev.sluice.cose.impl;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborException;
import dev.sluice.cbor.CborReader;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborTag;
import dev.sluice.cbor.CborValue;
import dev.sluice.cbor.CborWriter;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.CoseOptions;
import dev.sluice.cose.CoseType;
import java.util.List;

/** The outer shape of a message: the tag (optional, must match), the array and its arity. */
public final class Envelope {
  private Envelope() {}

  /** Decodes {@code bytes} as a message of {@code type}; returns its array elements. */
  public static List<CborValue> open(byte[] bytes, CoseType type, CoseOptions options) throws CoseException {
    CborValue v;
    try {
      v = new CborReader(options.getCborOptions()).decode(bytes);
    } catch (CborException e) {
      throw new CoseException(Reason.MALFORMED, type.rfcName() + ": " + e.getMessage(), e);
    }
    return elements(v, type);
  }

  /** The array elements of an already decoded message of {@code type}. */
  public static List<CborValue> elements(CborValue v, CoseType type) throws CoseException {
    if (v instanceof CborTag t) {
      if (t.tag() != type.tag()) {
        CoseType other = CoseType.fromTag(t.tag());
        throw new CoseException(Reason.WRONG_MESSAGE_TYPE, "expected " + type.rfcName() + " (tag " + type.tag()
            + "), got tag " + Long.toUnsignedString(t.tag()) + (other != null ? " (" + other.rfcName() + ")" : ""));
      }
      v = t.content();
    }
    if (!(v instanceof CborArray a)) {
      throw new CoseException(Reason.MALFORMED, type.rfcName() + " must be an array, not a " + v.kind());
    }
    if (a.size() != type.arity()) {
      throw new CoseException(Reason.MALFORMED, type.rfcName() + " must have " + type.arity() + " elements, not " + a.size());
    }
    return a.items();
  }

  /** A byte-string element, or null for nil when {@code nilAllowed}. */
  public static byte[] bytes(CborValue v, String what, boolean nilAllowed) throws CoseException {
    if (v instanceof CborBytes b) {
      return b.bytes();
    }
    if (nilAllowed && v.equals(CborSimple.NULL)) {
      return null;
    }
    throw new CoseException(Reason.MALFORMED, what + " must be a byte string" + (nilAllowed ? " or nil" : "")
        + ", not a " + v.kind());
  }

  /** The encoding of a message: the array, tagged or not. */
  public static byte[] encode(CoseType type, List<CborValue> items, boolean tagged) {
    CborValue arr = new CborArray(items);
    return CborWriter.plain().encode(tagged ? new CborTag(type.tag(), arr) : arr);
  }
}
