package dev.sluice.cbor;

/**
 * Limits and rules for {@link CborReader}. Every limit is checked before the reader allocates for
 * the item concerned. Setters reject bad values with the field's name; the reader copies the
 * options it is given.
 */
public final class CborOptions {
  public static final int DEFAULT_MAX_INPUT_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_MAX_DEPTH = 64;
  public static final int DEFAULT_MAX_ITEMS = 1_000_000;
  public static final int DEFAULT_MAX_BYTE_STRING_LENGTH = 8 * 1024 * 1024;
  public static final int DEFAULT_MAX_TEXT_LENGTH = 1024 * 1024;
  public static final boolean DEFAULT_ALLOW_INDEFINITE_LENGTH = true;
  public static final boolean DEFAULT_REQUIRE_DETERMINISTIC = false;

  /** Largest input accepted, in bytes. */
  private int maxInputBytes = DEFAULT_MAX_INPUT_BYTES;
  /** Deepest nesting of arrays, maps and tags; the top-level item is depth 1. */
  private int maxDepth = DEFAULT_MAX_DEPTH;
  /** Most data items in one input, counting map keys and nested items. */
  private int maxItems = DEFAULT_MAX_ITEMS;
  /** Longest byte string, in bytes. */
  private int maxByteStringLength = DEFAULT_MAX_BYTE_STRING_LENGTH;
  /** Longest text string, in UTF-8 bytes. */
  private int maxTextLength = DEFAULT_MAX_TEXT_LENGTH;
  /** Whether indefinite-length arrays, maps and strings are accepted. */
  private boolean allowIndefiniteLength = DEFAULT_ALLOW_INDEFINITE_LENGTH;
  /** Whether the input must be in deterministic form (RFC 8949 section 4.2.1). */
  private boolean requireDeterministic = DEFAULT_REQUIRE_DETERMINISTIC;

  public CborOptions() {}

  public CborOptions(CborOptions other) {
    this.maxInputBytes = other.maxInputBytes;
    this.maxDepth = other.maxDepth;
    this.maxItems = other.maxItems;
    this.maxByteStringLength = other.maxByteStringLength;
    this.maxTextLength = other.maxTextLength;
    this.allowIndefiniteLength = other.allowIndefiniteLength;
    this.requireDeterministic = other.requireDeterministic;
  }

  /** Options for input that is signed or hashed: deterministic form, so definite lengths only. */
  public static CborOptions strict() {
    return new CborOptions().setAllowIndefiniteLength(false).setRequireDeterministic(true);
  }

  public int getMaxInputBytes() {
    return maxInputBytes;
  }

  public CborOptions setMaxInputBytes(int maxInputBytes) {
    this.maxInputBytes = positive("maxInputBytes", maxInputBytes);
    return this;
  }

  public int getMaxDepth() {
    return maxDepth;
  }

  public CborOptions setMaxDepth(int maxDepth) {
    this.maxDepth = positive("maxDepth", maxDepth);
    return this;
  }

  public int getMaxItems() {
    return maxItems;
  }

  public CborOptions setMaxItems(int maxItems) {
    this.maxItems = positive("maxItems", maxItems);
    return this;
  }

  public int getMaxByteStringLength() {
    return maxByteStringLength;
  }

  public CborOptions setMaxByteStringLength(int maxByteStringLength) {
    this.maxByteStringLength = nonNegative("maxByteStringLength", maxByteStringLength);
    return this;
  }

  public int getMaxTextLength() {
    return maxTextLength;
  }

  public CborOptions setMaxTextLength(int maxTextLength) {
    this.maxTextLength = nonNegative("maxTextLength", maxTextLength);
    return this;
  }

  public boolean isAllowIndefiniteLength() {
    return allowIndefiniteLength;
  }

  public CborOptions setAllowIndefiniteLength(boolean allowIndefiniteLength) {
    this.allowIndefiniteLength = allowIndefiniteLength;
    return this;
  }

  public boolean isRequireDeterministic() {
    return requireDeterministic;
  }

  /** Refuse input that is not in deterministic form; implies definite lengths. */
  public CborOptions setRequireDeterministic(boolean requireDeterministic) {
    this.requireDeterministic = requireDeterministic;
    return this;
  }

  private static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, not " + value);
    }
    return value;
  }

  private static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, not " + value);
    }
    return value;
  }
}
