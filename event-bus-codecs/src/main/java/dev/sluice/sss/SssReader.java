package dev.sluice.sss;

import dev.sluice.sss.SssProtocolException.Rule;
import dev.sluice.sss.impl.BodyDecoder;
import io.vertx.core.buffer.Buffer;

/**
 * Reads serialized-SS frames of one direction from bytes that arrive split and joined anywhere,
 * and reports each frame to a callback. The type byte is judged as soon as it arrives (known,
 * this direction, not reserved, allowed by the {@link SssFrameGate}); the length as soon as it is
 * complete (at least the fixed header, at most the type's and the {@link SssLimits}' maximum),
 * before the body is allocated. Anything lws would hang up on is reported once to
 * {@code onError} with the rule, the frame and the offset; the reader then ignores further
 * input. Not thread-safe: feed it from one thread (the connection's event loop).
 */
public final class SssReader {

  /** Receives the frames a proxy reads from a client. */
  public interface ClientFrameCallback {
    void onStreamType(ClientFrame.StreamType frame);

    void onOnwardConnect();

    void onDestroying();

    void onTxPayload(ClientFrame.TxPayload frame);

    void onMetadata(ClientFrame.Metadata frame);

    void onTxCreditUpdate(ClientFrame.TxCreditUpdate frame);

    void onTimeoutUpdate(ClientFrame.TimeoutUpdate frame);

    void onPayloadLengthHint(ClientFrame.PayloadLengthHint frame);

    /** The input broke the protocol; nothing more will be reported. */
    void onError(SssProtocolException error);
  }

  /** Receives the frames a client reads from the proxy. */
  public interface ProxyFrameCallback {
    void onRxPayload(ProxyFrame.RxPayload frame);

    void onCreateResult(ProxyFrame.CreateResult frame);

    void onConnState(ProxyFrame.ConnState frame);

    void onTxCreditUpdate(ProxyFrame.TxCreditUpdate frame);

    void onMetadata(ProxyFrame.Metadata frame);

    void onPerf(ProxyFrame.Perf frame);

    /** The input broke the protocol; nothing more will be reported. */
    void onError(SssProtocolException error);
  }

  private enum Phase { TYPE, LENGTH_HIGH, LENGTH_LOW, BODY, DONE }

  private final SssDirection direction;
  private final SssFrameGate gate;
  private final SssLimits limits;
  private final ClientFrameCallback clientCallback;
  private final ProxyFrameCallback proxyCallback;

  /** Where the next byte goes; DONE after an error or {@link #close()}. */
  private Phase phase = Phase.TYPE;
  /** Bytes consumed so far: the offset of the next byte. */
  private long position;
  /** Offset of the current frame's type byte. */
  private long frameStart;
  /** Type of the frame being read; null between frames. */
  private SssFrameType type;
  /** The current frame's length field. */
  private int length;
  /** The current frame's body, allocated once the length passed its checks. */
  private byte[] body;
  /** Body bytes received so far. */
  private int filled;

  private SssReader(SssDirection direction, ClientFrameCallback clientCallback,
      ProxyFrameCallback proxyCallback, SssFrameGate gate, SssLimits limits) {
    this.direction = direction;
    this.clientCallback = clientCallback;
    this.proxyCallback = proxyCallback;
    this.gate = gate;
    this.limits = limits;
  }

  /** A reader of client-to-proxy frames (a proxy's), accepting any state and metadata name. */
  public static SssReader clientFrames(ClientFrameCallback callback) {
    return clientFrames(callback, SssFrameGate.OPEN, SssLimits.DEFAULT);
  }

  /** A reader of client-to-proxy frames (a proxy's). */
  public static SssReader clientFrames(ClientFrameCallback callback, SssFrameGate gate,
      SssLimits limits) {
    return new SssReader(SssDirection.CLIENT_TO_PROXY, callback, null, gate, limits);
  }

  /** A reader of proxy-to-client frames (a client's), accepting any state. */
  public static SssReader proxyFrames(ProxyFrameCallback callback) {
    return proxyFrames(callback, SssFrameGate.OPEN, SssLimits.DEFAULT);
  }

  /** A reader of proxy-to-client frames (a client's). */
  public static SssReader proxyFrames(ProxyFrameCallback callback, SssFrameGate gate,
      SssLimits limits) {
    return new SssReader(SssDirection.PROXY_TO_CLIENT, null, callback, gate, limits);
  }

  public SssDirection direction() {
    return direction;
  }

  /** Bytes consumed so far. */
  public long position() {
    return position;
  }

  /**
   * The offset of the frame being reported: valid inside a callback, for errors a session finds
   * in a frame the reader accepted.
   */
  public long frameOffset() {
    return frameStart;
  }

  /** Whether the reader stopped, after an error or {@link #close()}. */
  public boolean isClosed() {
    return phase == Phase.DONE;
  }

  /** Whether a frame has begun and not yet ended. */
  public boolean isInsideFrame() {
    return phase != Phase.TYPE && phase != Phase.DONE;
  }

  /** Stops reading: later input is ignored and reports nothing. */
  public void close() {
    phase = Phase.DONE;
    body = null;
  }

  public void feed(Buffer data) {
    feed(data.getBytes(), 0, data.length());
  }

  public void feed(Bytes data) {
    feed(data.array(), data.offset(), data.length());
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  /** Consumes {@code count} bytes of {@code data} from {@code offset}. */
  public void feed(byte[] data, int offset, int count) {
    int at = offset;
    int end = offset + count;
    while (at < end && phase != Phase.DONE) {
      if (phase == Phase.BODY) {
        at = fillBody(data, at, end);
      } else {
        int value = data[at++] & 0xff;
        position++;
        headerByte(value);
      }
    }
  }

  /**
   * The input has ended (the link closed). Reports {@link Rule#TRUNCATED} if it ended inside a
   * frame.
   */
  public void endOfInput() {
    if (!isInsideFrame()) {
      return;
    }
    long have = position - frameStart;
    String expected = phase == Phase.BODY ? "" + (SssWriter.HEADER + length)
        : "at least " + SssWriter.HEADER;
    fail(Rule.TRUNCATED, type.wireName(), frameStart,
        "truncated after " + have + " of " + expected + " bytes");
  }

  private void headerByte(int value) {
    switch (phase) {
      case TYPE:
        frameStart = position - 1;
        type = checkType(value);
        if (type != null) {
          phase = Phase.LENGTH_HIGH;
        }
        break;
      case LENGTH_HIGH:
        length = value << 8;
        phase = Phase.LENGTH_LOW;
        break;
      case LENGTH_LOW:
        length |= value;
        if (checkLength()) {
          startBody();
        }
        break;
      default:
        throw new IllegalStateException(phase.name());
    }
  }

  private SssFrameType checkType(int code) {
    SssFrameType found = SssFrameType.fromCode(code);
    if (found == null) {
      fail(Rule.UNKNOWN_TYPE, null, frameStart, String.format("unknown frame type 0x%02X", code));
    } else if (found.direction() != direction) {
      fail(Rule.WRONG_DIRECTION, found.wireName(), frameStart, "(" + found.hexCode() + ") is a "
          + found.direction() + " frame, not expected " + direction);
    } else if (found.isReserved()) {
      fail(Rule.RESERVED_TYPE, found.wireName(), frameStart,
          "(" + found.hexCode() + ") is reserved and not implemented");
    } else if (!gate.allows(found)) {
      fail(Rule.NOT_ALLOWED_IN_STATE, found.wireName(), frameStart,
          "not allowed in state " + gate.stateName());
    } else {
      return found;
    }
    return null;
  }

  private boolean checkLength() {
    long at = frameStart + 1;
    if (length < type.minBody()) {
      fail(Rule.LENGTH_TOO_SHORT, type.wireName(), at, "length " + length
          + " is shorter than its fixed header of " + type.minBody() + " bytes");
    } else if (type.minBody() == type.maxBody() && length != type.minBody()) {
      fail(Rule.LENGTH_TOO_LONG, type.wireName(), at,
          "length " + length + " is not its fixed " + type.minBody() + " bytes");
    } else if (length > type.maxBody()) {
      fail(Rule.LENGTH_TOO_LONG, type.wireName(), at,
          "length " + length + " exceeds the " + type.maxBody() + " bytes lws accepts");
    } else if (length > limits.maxBody(type)) {
      fail(Rule.OVERSIZE, type.wireName(), at,
          "length " + length + " exceeds limit " + limits.maxBody(type));
    } else {
      return true;
    }
    return false;
  }

  private void startBody() {
    body = new byte[length];
    filled = 0;
    if (length == 0) {
      finishFrame();
    } else {
      phase = Phase.BODY;
    }
  }

  private int fillBody(byte[] data, int at, int end) {
    int take = Math.min(end - at, length - filled);
    System.arraycopy(data, at, body, filled, take);
    filled += take;
    position += take;
    if (filled == length) {
      finishFrame();
    }
    return at + take;
  }

  private void finishFrame() {
    byte[] complete = body;
    SssFrameType completeType = type;
    body = null;
    type = null;
    phase = Phase.TYPE;
    SssFrame frame;
    try {
      frame = BodyDecoder.decode(completeType, complete, frameStart + SssWriter.HEADER, gate);
    } catch (SssProtocolException e) {
      fail(e);
      return;
    }
    dispatch(frame);
  }

  private void dispatch(SssFrame frame) {
    if (frame instanceof ClientFrame) {
      dispatchClient((ClientFrame) frame);
    } else {
      dispatchProxy((ProxyFrame) frame);
    }
  }

  private void dispatchClient(ClientFrame frame) {
    switch (frame.type()) {
      case STREAMTYPE:
        clientCallback.onStreamType((ClientFrame.StreamType) frame);
        break;
      case ONWARD_CONNECT:
        clientCallback.onOnwardConnect();
        break;
      case DESTROYING:
        clientCallback.onDestroying();
        break;
      case TX_PAYLOAD:
        clientCallback.onTxPayload((ClientFrame.TxPayload) frame);
        break;
      case CLIENT_METADATA:
        clientCallback.onMetadata((ClientFrame.Metadata) frame);
        break;
      case CLIENT_TXCR_UPDATE:
        clientCallback.onTxCreditUpdate((ClientFrame.TxCreditUpdate) frame);
        break;
      case TIMEOUT_UPDATE:
        clientCallback.onTimeoutUpdate((ClientFrame.TimeoutUpdate) frame);
        break;
      case PAYLOAD_LENGTH_HINT:
        clientCallback.onPayloadLengthHint((ClientFrame.PayloadLengthHint) frame);
        break;
      default:
        throw new AssertionError(frame.type());
    }
  }

  private void dispatchProxy(ProxyFrame frame) {
    switch (frame.type()) {
      case RX_PAYLOAD:
        proxyCallback.onRxPayload((ProxyFrame.RxPayload) frame);
        break;
      case CREATE_RESULT:
        proxyCallback.onCreateResult((ProxyFrame.CreateResult) frame);
        break;
      case CONNSTATE:
        proxyCallback.onConnState((ProxyFrame.ConnState) frame);
        break;
      case PROXY_TXCR_UPDATE:
        proxyCallback.onTxCreditUpdate((ProxyFrame.TxCreditUpdate) frame);
        break;
      case PROXY_METADATA:
        proxyCallback.onMetadata((ProxyFrame.Metadata) frame);
        break;
      case PERF:
        proxyCallback.onPerf((ProxyFrame.Perf) frame);
        break;
      default:
        throw new AssertionError(frame.type());
    }
  }

  private void fail(Rule rule, String frame, long offset, String detail) {
    fail(new SssProtocolException(rule, frame, offset, detail));
  }

  private void fail(SssProtocolException error) {
    close();
    if (clientCallback != null) {
      clientCallback.onError(error);
    } else {
      proxyCallback.onError(error);
    }
  }
}
