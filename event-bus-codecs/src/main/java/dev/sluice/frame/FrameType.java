package dev.sluice.frame;

/** Wire codes of {@link StreamFrame}s: explicit numbers with a lookup, never the ordinal. */
public enum FrameType {
  CREATE(1), START(2), CONNECT(3), REQUEST_TX(4), PAYLOAD(5), TX_NONE(6), METADATA(7), TIMEOUT(8), RX_FLOW(9),
  TX_CREDIT(10), SERVER_ACK(11), DISCONNECT(12), DESTROY(13),
  CREATE_RESULT(32), STATE(33), RX(34), TX_READY(35), RX_METADATA(36),
  PING(64);

  private static final FrameType[] BY_CODE = new FrameType[256];

  static {
    for (FrameType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a code, or null when no frame has it. */
  public static FrameType of(int code) {
    return code >= 0 && code < 256 ? BY_CODE[code] : null;
  }
}
