package dev.sluice.cbor;

import dev.sluice.cbor.impl.JacksonTreeWriter;

/**
 * Encodes a {@link CborValue} tree. Both forms use definite lengths, the shortest integer and
 * length arguments and the shortest float that keeps the value (RFC 8949 "preferred
 * serialization"); the {@linkplain #deterministic() deterministic} form also sorts map keys by
 * their encoded bytes (RFC 8949 section 4.2.1), as anything that is signed or hashed needs.
 * Thread-safe.
 */
public final class CborWriter {
  private static final CborWriter PLAIN = new CborWriter(false);
  private static final CborWriter DETERMINISTIC = new CborWriter(true);

  /** Whether map keys are sorted. */
  private final boolean sortKeys;

  private CborWriter(boolean sortKeys) {
    this.sortKeys = sortKeys;
  }

  /** A writer that keeps map entries in their order. */
  public static CborWriter plain() {
    return PLAIN;
  }

  /** A writer of the deterministic form of RFC 8949 section 4.2.1. */
  public static CborWriter deterministic() {
    return DETERMINISTIC;
  }

  /** The encoding of {@code value}. */
  public byte[] encode(CborValue value) {
    return JacksonTreeWriter.encode(value, sortKeys);
  }
}
