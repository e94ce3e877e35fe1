package dev.sluice.sss.mux;

/** The transport mux opcodes (lws {@code LWSSSSS_LLM_*}), one byte each, 0xF0 to 0xF9. */
public enum MuxOpcode {
  /** {@code F0 ch}: open a channel. */
  CHANNEL_REQ(0xF0, "CHANNEL_REQ", 1),
  /** {@code F1 ch}: yes to a CHANNEL_REQ. */
  CHANNEL_ACK(0xF1, "CHANNEL_ACK", 1),
  /** {@code F2 ch}: no to a CHANNEL_REQ; on an open channel, a FIN. */
  CHANNEL_NACK(0xF2, "CHANNEL_NACK", 1),
  /** {@code F3 ch}: closing a channel. */
  CHANNEL_CLOSE(0xF3, "CHANNEL_CLOSE", 1),
  /** {@code F4 ch}: the close was seen (lws's own sender writes F3 here instead). */
  CHANNEL_CLOSE_ACK(0xF4, "CHANNEL_CLOSE_ACK", 1),
  /** {@code F5 ch lenH lenL payload}: serialized-SS bytes on a channel. */
  DATA(0xF5, "MUX", 3),
  /** {@code F6 t:u64}: the sender's microsecond clock. */
  PING(0xF6, "PING", 8),
  /** {@code F7 t_ping:u64 t_now:u64}. */
  PONG(0xF7, "PONG", 16),
  /** {@code F8 t:u64}: the sender's unix time in microseconds (not the ping's time). */
  PONGACK(0xF8, "PONGACK", 8),
  /** {@code F9}: the sender no longer trusts the link; channels close, pings resync it. */
  RESET_TRANSPORT(0xF9, "RESET_TRANSPORT", 0);

  private static final MuxOpcode[] BY_LOW_NIBBLE = values();

  private final int code;
  private final String wireName;
  private final int fixedLength;

  MuxOpcode(int code, String wireName, int fixedLength) {
    this.code = code;
    this.wireName = wireName;
    this.fixedLength = fixedLength;
  }

  /** The opcode with this byte, or null. */
  public static MuxOpcode fromCode(int code) {
    int index = code - 0xF0;
    return index >= 0 && index < BY_LOW_NIBBLE.length && BY_LOW_NIBBLE[index].code == code
        ? BY_LOW_NIBBLE[index] : null;
  }

  public int code() {
    return code;
  }

  /** The lws name without its prefix. */
  public String wireName() {
    return wireName;
  }

  /** Bytes after the opcode before any payload. */
  public int fixedLength() {
    return fixedLength;
  }
}
