package dev.sluice.host.ws.impl;

/**
 * WebSocket close status codes (RFC 6455 §7.4 and the IANA registry) and which of them a peer may
 * send on the wire.
 */
public final class CloseCodes {
  private CloseCodes() {}

  public static final int NORMAL = 1000;
  public static final int GOING_AWAY = 1001;
  public static final int PROTOCOL_ERROR = 1002;
  public static final int UNSUPPORTED_DATA = 1003;
  /** Reserved: "no status received"; never on the wire. */
  public static final int NO_STATUS = 1005;
  /** Reserved: "closed without a close frame"; never on the wire. */
  public static final int ABNORMAL = 1006;
  public static final int INVALID_PAYLOAD = 1007;
  public static final int POLICY_VIOLATION = 1008;
  public static final int MESSAGE_TOO_BIG = 1009;
  public static final int MANDATORY_EXTENSION = 1010;
  public static final int INTERNAL_ERROR = 1011;
  public static final int SERVICE_RESTART = 1012;
  public static final int TRY_AGAIN_LATER = 1013;
  public static final int BAD_GATEWAY = 1014;
  /** IANA registry: "Unauthorized". */
  public static final int UNAUTHORIZED = 3000;
  /** IANA registry: "Forbidden". */
  public static final int FORBIDDEN = 3003;

  /** Largest close reason in bytes: a control frame carries 125 bytes, 2 of them the code. */
  public static final int MAX_REASON_BYTES = 123;

  /**
   * Whether a peer may send {@code code} in a close frame: 1000–1003, 1007–1014 and 3000–4999.
   * 1004–1006 and 1015 are reserved, the rest of 1000–2999 is unassigned.
   */
  public static boolean validOnWire(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  }
}
