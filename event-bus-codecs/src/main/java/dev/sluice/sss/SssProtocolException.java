package dev.sluice.sss;

/**
 * A peer broke the serialized-SS protocol (or its mux) in a way lws would hang up on. Names the
 * {@link Rule} broken, the frame (when one was being read) and the byte offset in that
 * direction's stream, counted from the first byte received; the message says all three, e.g.
 * {@code METADATA name length 40 exceeds frame body of 12 bytes at offset 3}. Carries no stack
 * trace: it is an expected outcome of bad input, not a bug.
 */
public final class SssProtocolException extends RuntimeException {

  /** What was wrong. */
  public enum Rule {
    /** A type byte (or mux opcode) that names nothing. */
    UNKNOWN_TYPE,
    /** A known type that travels the other way. */
    WRONG_DIRECTION,
    /** A type lws reserves and refuses. */
    RESERVED_TYPE,
    /** A frame type the receiver's current state does not allow. */
    NOT_ALLOWED_IN_STATE,
    /** A length shorter than the type's fixed header. */
    LENGTH_TOO_SHORT,
    /** A length longer than the type can be (or not its fixed size). */
    LENGTH_TOO_LONG,
    /** A length over a configured limit. */
    OVERSIZE,
    /** A protocol version other than 1. */
    BAD_VERSION,
    /** A name length that is zero, over its limit, or past the end of the frame. */
    BAD_NAME_LENGTH,
    /** A metadata name the proxy's policy does not declare for the streamtype. */
    UNDECLARED_METADATA,
    /** A field value the frame cannot carry. */
    BAD_FIELD,
    /** The input ended inside a frame. */
    TRUNCATED,
    /** The proxy could not create the streamtype. */
    CREATE_FAILED,
    /** A forwarded state that lws's transition table forbids. */
    ILLEGAL_STATE_CHANGE,
    /** The per-stream buffer cannot take more. */
    BUFFER_FULL,
    /** The peer did not send what it had to in time. */
    TIMEOUT
  }

  /** Offset used when an error is not tied to a byte of the input. */
  public static final long NO_OFFSET = -1;

  private final Rule rule;
  private final String frame;
  private final long offset;

  /**
   * @param frame the frame's wire name, or null when no frame was being read
   * @param detail what was wrong, without the frame name or the offset
   */
  public SssProtocolException(Rule rule, String frame, long offset, String detail) {
    super(message(frame, offset, detail), null, false, false);
    this.rule = rule;
    this.frame = frame;
    this.offset = offset;
  }

  private static String message(String frame, long offset, String detail) {
    String text = frame == null ? detail : frame + " " + detail;
    return offset == NO_OFFSET ? text : text + " at offset " + offset;
  }

  public Rule rule() {
    return rule;
  }

  /** The frame's wire name (e.g. {@code METADATA}), or null when no frame was being read. */
  public String frame() {
    return frame;
  }

  /** The byte offset in that direction's stream, or {@link #NO_OFFSET}. */
  public long offset() {
    return offset;
  }
}
