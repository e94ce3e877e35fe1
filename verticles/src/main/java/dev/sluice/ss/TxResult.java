package dev.sluice.ss;

import io.vertx.core.buffer.Buffer;

/**
 * The handler's answer to {@link TxRequest}: a payload with its flags, or nothing, or a request to
 * disconnect or destroy the stream (lws's {@code LWSSSSRET_*}).
 */
public final class TxResult {

  /** What the answer asks for. */
  public enum Kind { SEND, DONT_SEND, DISCONNECT_ME, DESTROY_ME }

  private static final TxResult DONT_SEND = new TxResult(Kind.DONT_SEND, null, 0);
  private static final TxResult DISCONNECT = new TxResult(Kind.DISCONNECT_ME, null, 0);
  private static final TxResult DESTROY = new TxResult(Kind.DESTROY_ME, null, 0);

  private final Kind kind;
  private final Buffer payload;
  private final int flags;

  private TxResult(Kind kind, Buffer payload, int flags) {
    this.kind = kind;
    this.payload = payload;
    this.flags = flags;
  }

  /** Send {@code payload} with {@link StreamFlags} such as {@code SOM | EOM}. */
  public static TxResult send(Buffer payload, int flags) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null (use dontSend())");
    }
    return new TxResult(Kind.SEND, payload, flags);
  }

  /** Nothing to send now (lws's TX_DONT_SEND); call {@code requestTx()} again when there is. */
  public static TxResult dontSend() {
    return DONT_SEND;
  }

  public static TxResult disconnect() {
    return DISCONNECT;
  }

  public static TxResult destroy() {
    return DESTROY;
  }

  public Kind kind() {
    return kind;
  }

  /** The payload of a SEND, else null. */
  public Buffer payload() {
    return payload;
  }

  public int flags() {
    return flags;
  }
}
