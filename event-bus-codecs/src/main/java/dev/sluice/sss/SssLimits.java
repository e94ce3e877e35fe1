package dev.sluice.sss;

/**
 * Size limits a reader enforces on top of what lws accepts, checked on the length field before
 * any body is allocated. The defaults are the 16-bit maximum: a proxy narrows
 * {@code maxPayloadBody} to what its per-stream buffer can hold.
 *
 * @param maxPayloadBody largest TX_PAYLOAD, RX_PAYLOAD or PERF body
 * @param maxMetadataBody largest METADATA body (name length, name and value)
 */
public record SssLimits(int maxPayloadBody, int maxMetadataBody) {

  /** Whatever a 16-bit length allows. */
  public static final SssLimits DEFAULT = new SssLimits(SssFrameType.MAX_BODY,
      SssFrameType.MAX_BODY);

  public SssLimits {
    check("maxPayloadBody", maxPayloadBody, 16);
    check("maxMetadataBody", maxMetadataBody, 3);
  }

  private static void check(String name, int value, int least) {
    if (value < least || value > SssFrameType.MAX_BODY) {
      throw new IllegalArgumentException(
          name + " " + value + " is outside " + least + " to " + SssFrameType.MAX_BODY);
    }
  }

  /** A copy with another payload limit. */
  public SssLimits withMaxPayloadBody(int max) {
    return new SssLimits(max, maxMetadataBody);
  }

  /** The configured limit for this type, or its own maximum when none applies. */
  public int maxBody(SssFrameType type) {
    switch (type) {
      case TX_PAYLOAD:
      case RX_PAYLOAD:
      case PERF:
        return Math.min(type.maxBody(), maxPayloadBody);
      case CLIENT_METADATA:
      case PROXY_METADATA:
        return Math.min(type.maxBody(), maxMetadataBody);
      default:
        return type.maxBody();
    }
  }
}
