package dev.sluice.cbor;

import dev.sluice.cbor.impl.JacksonTreeReader;

/**
 * Decodes CBOR into a {@link CborValue} tree with the limits of a {@link CborOptions}. Jackson's
 * streaming parser reads the tokens; this reader checks every declared length, the depth and the
 * item count against the limits before the content is read, and turns every failure into a
 * {@link CborException}. Thread-safe: one instance may serve many threads.
 */
public final class CborReader {
  /** The limits applied; a private copy. */
  private final CborOptions options;
  /** Jackson's parser factory for these limits, made once. */
  private final com.fasterxml.jackson.dataformat.cbor.CBORFactory factory;

  public CborReader(CborOptions options) {
    this.options = new CborOptions(options);
    this.factory = JacksonTreeReader.factory(this.options);
  }

  /** A reader with the default limits. */
  public CborReader() {
    this(new CborOptions());
  }

  /** Decodes exactly one data item filling {@code input}. */
  public CborValue decode(byte[] input) throws CborException {
    return decode(input, 0, input.length);
  }

  /** Decodes exactly one data item filling {@code length} bytes of {@code input} from {@code offset}. */
  public CborValue decode(byte[] input, int offset, int length) throws CborException {
    if (offset < 0 || length < 0 || offset > input.length - length) {
      throw new IllegalArgumentException("range " + offset + "+" + length + " outside an input of " + input.length);
    }
    if (length > options.getMaxInputBytes()) {
      throw new CborException("input of " + length + " bytes exceeds limit " + options.getMaxInputBytes(), -1);
    }
    byte[] slice = offset == 0 && length == input.length ? input : java.util.Arrays.copyOfRange(input, offset, offset + length);
    CborValue value = new JacksonTreeReader(slice, options, factory).read();
    if (options.isRequireDeterministic()) {
      requireDeterministic(slice, value);
    }
    return value;
  }

  private static void requireDeterministic(byte[] input, CborValue value) throws CborException {
    byte[] canonical = CborWriter.deterministic().encode(value);
    int mismatch = java.util.Arrays.mismatch(input, canonical);
    if (mismatch >= 0) {
      throw new CborException("input is not in deterministic form (RFC 8949 section 4.2)", mismatch);
    }
  }
}
