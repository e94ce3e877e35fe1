package dev.sluice.sss;

/**
 * One serialized-SS frame, decoded. Frames are immutable values: {@link SssWriter} turns one into
 * lws's exact bytes, {@link SssReader} turns bytes back into one. Every constructor refuses a
 * value lws would hang up on, so a frame that exists can always be written.
 */
public sealed interface SssFrame permits ClientFrame, ProxyFrame {

  /** The frame's type, which fixes its wire code and direction. */
  SssFrameType type();
}
