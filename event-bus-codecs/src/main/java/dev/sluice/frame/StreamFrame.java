package dev.sluice.frame;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * The frames a stream's client side and its host exchange when they are on different nodes of a
 * cluster. Each is one call of the in-JVM contract (client → host: the {@code HostedStream} calls;
 * host → client: the {@code StreamClient} calls), plus Create/CreateResult to find a host and Ping
 * to notice a node that is gone. In one JVM none of this exists: the calls are direct.
 *
 * <p>Wire codes are explicit ({@link FrameType}); payloads and strings are bounded by {@link
 * StreamFrameCodec}'s limits.
 */
public sealed interface StreamFrame {

  FrameType type();

  // ---------------------------------------------------------------- client → host

  /**
   * Asks any node hosting the protocol for a stream.
   *
   * @param streamtype the streamtype name (the host looks it up in its own policy)
   * @param metadata metadata set at creation
   * @param clientAddress where the host sends host → client frames
   * @param tag the stream's log tag on the client node
   * @param replay true when the client re-creates a stream after losing its host: the host does not
   *     report CREATING again
   */
  record Create(String streamtype, Map<String, String> metadata, String clientAddress, String tag, boolean replay)
      implements StreamFrame {
    public Create {
      metadata = Map.copyOf(metadata);
    }

    @Override
    public FrameType type() {
      return FrameType.CREATE;
    }
  }

  /** Starts the hosted stream (CREATING, and a nailed-up connect). */
  record Start() implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.START;
    }
  }

  record Connect() implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.CONNECT;
    }
  }

  /** requestTx; {@code lengthHint} -1 when unknown. */
  record RequestTx(long lengthHint) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.REQUEST_TX;
    }
  }

  /** The client's answer to TxReady: a payload. */
  record Payload(Buffer data, int flags) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.PAYLOAD;
    }
  }

  /** The client's answer to TxReady: nothing now. */
  record TxNone() implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.TX_NONE;
    }
  }

  /** Metadata set by the client (value null removes it). */
  record Metadata(String name, String value) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.METADATA;
    }
  }

  /** Stream timeout: ms, 0 for the policy's, negative to cancel. */
  record Timeout(long ms) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.TIMEOUT;
    }
  }

  record RxFlow(boolean enabled) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.RX_FLOW;
    }
  }

  record TxCredit(int bytes) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.TX_CREDIT;
    }
  }

  /** A server stream's answer to SERVER_TXN: 0 accepts, else the refusal status. */
  record ServerAck(int status) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.SERVER_ACK;
    }
  }

  record Disconnect() implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.DISCONNECT;
    }
  }

  record Destroy() implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.DESTROY;
    }
  }

  // ---------------------------------------------------------------- host → client

  /** The answer to Create: the stream's address on the host node, or why there is none. */
  record CreateResult(boolean ok, String hostAddress, String error) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.CREATE_RESULT;
    }
  }

  /** A state change: lws's state number (1000 and more for http_resp_map states) and its ack. */
  record State(int state, long ack) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.STATE;
    }
  }

  /** Received payload. */
  record Rx(Buffer data, int flags) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.RX;
    }
  }

  /** The host can send: the client answers with Payload or TxNone. */
  record TxReady(long ordinal, int maxLength) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.TX_READY;
    }
  }

  /** Metadata filled from the peer (a response header). */
  record RxMetadata(String name, String value) implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.RX_METADATA;
    }
  }

  // ---------------------------------------------------------------- both ways

  /** Liveness: each side sends one regularly; silence means the other node is gone. */
  record Ping() implements StreamFrame {
    @Override
    public FrameType type() {
      return FrameType.PING;
    }
  }
}
