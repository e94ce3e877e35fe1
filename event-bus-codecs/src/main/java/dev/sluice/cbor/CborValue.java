package dev.sluice.cbor;

/**
 * One decoded CBOR data item. Immutable; {@code equals} compares values (byte strings by content).
 * The permitted types mirror CBOR's major types; tags wrap the item they apply to.
 */
public sealed interface CborValue
    permits CborInt, CborBigInt, CborBytes, CborText, CborArray, CborMap, CborTag, CborSimple, CborFloat {

  /** A short name of the item's kind for error messages ("byte string", "map"...). */
  String kind();

  /** Builds an integer item. */
  static CborValue of(long value) {
    return new CborInt(value);
  }

  /** Builds a text item. */
  static CborValue of(String value) {
    return new CborText(value);
  }

  /** Builds a byte-string item (the array is copied). */
  static CborValue of(byte[] value) {
    return new CborBytes(value);
  }

  /** Builds a boolean item. */
  static CborValue of(boolean value) {
    return value ? CborSimple.TRUE : CborSimple.FALSE;
  }
}
