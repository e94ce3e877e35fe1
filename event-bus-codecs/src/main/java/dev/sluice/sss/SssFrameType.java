package dev.sluice.sss;

/**
 * Every serialized-SS frame type, with its wire code and the body sizes lws accepts. A frame is
 * {@code type:u8 | length:u16 BE | body[length]}; {@link #minBody()} is the fixed part of the
 * body that lws insists on before it reads further, {@link #maxBody()} the largest body lws
 * would accept (before any configured {@link SssLimits limit}).
 */
public enum SssFrameType {
  // client -> proxy (lws LWSSS_SER_TXPRE_*)
  /** Version, pid, initial tx credit and the streamtype name (1 to 31 chars). */
  STREAMTYPE(0xAA, SssDirection.CLIENT_TO_PROXY, "STREAMTYPE", 10, 9 + 31),
  /** Asks the proxy to connect the onward stream; empty. */
  ONWARD_CONNECT(0xAB, SssDirection.CLIENT_TO_PROXY, "ONWARD_CONNECT", 0, 0),
  /** The client is going away; empty. lws clients never send it: they close the link. */
  DESTROYING(0xAC, SssDirection.CLIENT_TO_PROXY, "DESTROYING", 0, 0),
  /** Flags, two timings, then payload at frame offset 19. */
  TX_PAYLOAD(0xAD, SssDirection.CLIENT_TO_PROXY, "TX_PAYLOAD", 16, 0xffff),
  /** Name length, name, value, set by the client for the onward stream. */
  CLIENT_METADATA(0xAE, SssDirection.CLIENT_TO_PROXY, "METADATA", 3, 0xffff),
  /** The client lets the onward peer send it this many more bytes. */
  CLIENT_TXCR_UPDATE(0xAF, SssDirection.CLIENT_TO_PROXY, "TXCR_UPDATE", 4, 4),
  /** Starts (ms, 0 = the policy's) or cancels (0xFFFFFFFF) the onward stream's timeout. */
  TIMEOUT_UPDATE(0xB0, SssDirection.CLIENT_TO_PROXY, "TIMEOUT_UPDATE", 4, 4),
  /** The length of the payload to come (becomes content-length at the proxy). */
  PAYLOAD_LENGTH_HINT(0xB1, SssDirection.CLIENT_TO_PROXY, "PAYLOAD_LENGTH_HINT", 4, 4),
  /** Reserved by lws and not implemented; an lws proxy hangs up on it. */
  TLSNEG_ENCLAVE_SIGNED(0xB2, SssDirection.CLIENT_TO_PROXY, "TLSNEG_ENCLAVE_SIGNED", 0, 0xffff),
  /** Defined by lws but never sent or parsed; an lws proxy hangs up on it. */
  LINK_VALIDITY_PROBE(0xB3, SssDirection.CLIENT_TO_PROXY, "LINK_VALIDITY_PROBE", 0, 0xffff),

  // proxy -> client (lws LWSSS_SER_RXPRE_*)
  /** Flags, two timings, then payload at frame offset 19 (the lws header comment says 17). */
  RX_PAYLOAD(0x55, SssDirection.PROXY_TO_CLIENT, "RX_PAYLOAD", 16, 0xffff),
  /** Result, client buffer size, then the rideshare list (lws clients take at most 127 bytes). */
  CREATE_RESULT(0x56, SssDirection.PROXY_TO_CLIENT, "CREATE_RESULT", 1, 5 + 127),
  /** A state of the onward stream and its ack: 1 to 4 bytes of state, then 4 of ack. */
  CONNSTATE(0x57, SssDirection.PROXY_TO_CLIENT, "CONNSTATE", 5, 8),
  /** The onward peer lets the client send this many more bytes. */
  PROXY_TXCR_UPDATE(0x58, SssDirection.PROXY_TO_CLIENT, "TXCR_UPDATE", 4, 4),
  /** Name length, name, value: rx metadata from the onward stream's response. */
  PROXY_METADATA(0x59, SssDirection.PROXY_TO_CLIENT, "METADATA", 3, 0xffff),
  /** Reserved by lws; an lws client hangs up on it. */
  TLSNEG_ENCLAVE_SIGN(0x5A, SssDirection.PROXY_TO_CLIENT, "TLSNEG_ENCLAVE_SIGN", 0, 0xffff),
  /** Performance JSON for {@code perf} streamtypes. */
  PERF(0x5B, SssDirection.PROXY_TO_CLIENT, "PERF", 1, 0xffff);

  /** The largest body a 16-bit length can describe. */
  public static final int MAX_BODY = 0xffff;

  private static final SssFrameType[] BY_CODE = new SssFrameType[256];

  static {
    for (SssFrameType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;
  private final SssDirection direction;
  private final String wireName;
  private final int minBody;
  private final int maxBody;

  SssFrameType(int code, SssDirection direction, String wireName, int minBody, int maxBody) {
    this.code = code;
    this.direction = direction;
    this.wireName = wireName;
    this.minBody = minBody;
    this.maxBody = maxBody;
  }

  /** The type with this wire code, or null for a byte that names no frame type. */
  public static SssFrameType fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** The type byte on the wire. */
  public int code() {
    return code;
  }

  public SssDirection direction() {
    return direction;
  }

  /** The lws name without its prefix, as the traces and error messages print it. */
  public String wireName() {
    return wireName;
  }

  /** The fixed part of the body: a shorter length makes lws hang up. */
  public int minBody() {
    return minBody;
  }

  /** The largest body lws accepts for this type. */
  public int maxBody() {
    return maxBody;
  }

  /** Reserved types exist in the lws header only; both lws parsers hang up on them. */
  public boolean isReserved() {
    return this == TLSNEG_ENCLAVE_SIGNED || this == LINK_VALIDITY_PROBE
        || this == TLSNEG_ENCLAVE_SIGN;
  }

  /** The code as lws logs print it, e.g. {@code 0xAA}. */
  public String hexCode() {
    return String.format("0x%02X", code);
  }
}
