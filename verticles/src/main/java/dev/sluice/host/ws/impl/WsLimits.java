package dev.sluice.host.ws.impl;

/**
 * The size limits of one connection.
 *
 * @param maxFrameSize largest frame payload accepted, in bytes
 * @param maxMessageSize largest message accepted (all its fragments together), in bytes
 */
public record WsLimits(int maxFrameSize, long maxMessageSize) {

  public WsLimits {
    if (maxFrameSize < 125) {
      throw new IllegalArgumentException("maxFrameSize must be at least 125 bytes, got " + maxFrameSize);
    }
    if (maxMessageSize < maxFrameSize) {
      throw new IllegalArgumentException("maxMessageSize (" + maxMessageSize + ") must be at least maxFrameSize ("
          + maxFrameSize + ")");
    }
  }
}
