package dev.sluice.frame;

/** A frame could not be decoded: names the frame type (if known), the byte offset and the rule. */
public final class FrameDecodeException extends RuntimeException {

  public FrameDecodeException(String frame, int offset, String rule) {
    super(frame + " at offset " + offset + ": " + rule, null, false, false);
  }
}
