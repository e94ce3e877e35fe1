package dev.sluice.cbor;

/**
 * The one exception CBOR decoding throws: the input is malformed, or breaks a limit of
 * {@link CborOptions}. The message names the rule and the value; {@link #offset()} is the byte
 * offset where the problem was found, or -1 when it concerns the whole input.
 */
public final class CborException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Byte offset of the problem, or -1. */
  private final long offset;

  public CborException(String message, long offset) {
    super(offset >= 0 ? message + " at offset " + offset : message, null, false, false);
    this.offset = offset;
  }

  public CborException(String message, long offset, Throwable cause) {
    super(offset >= 0 ? message + " at offset " + offset : message, cause, false, false);
    this.offset = offset;
  }

  /** Byte offset of the problem, or -1. */
  public long offset() {
    return offset;
  }
}
