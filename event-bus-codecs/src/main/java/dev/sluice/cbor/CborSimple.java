package dev.sluice.cbor;

/** A simple value (major type 7 other than floats): false, true, null, undefined, or 0..255. */
public record CborSimple(int value) implements CborValue {
  public static final CborSimple FALSE = new CborSimple(20);
  public static final CborSimple TRUE = new CborSimple(21);
  public static final CborSimple NULL = new CborSimple(22);
  public static final CborSimple UNDEFINED = new CborSimple(23);

  public CborSimple {
    // 24..31 are not simple values in their own right (RFC 8949 section 3.3)
    if (value < 0 || value > 255 || (value >= 24 && value < 32)) {
      throw new IllegalArgumentException("simple value " + value + " is reserved or out of range");
    }
  }

  @Override
  public String kind() {
    return switch (value) {
      case 20, 21 -> "boolean";
      case 22 -> "null";
      case 23 -> "undefined";
      default -> "simple value";
    };
  }
}
