package dev.sluice.sss.mux;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.SssProtocolException.Rule;

/**
 * Reads transport mux frames from a byte pipe, split and joined anywhere, and reports each to a
 * callback. A DATA payload is gathered whole (at most 64 KiB, sized from its length field)
 * before it is reported. An unknown opcode is reported with its offset and skipped: on a byte
 * pipe the next good opcode resynchronises, as in lws, which marks its link down and reads on.
 * Not thread-safe: feed it from one thread.
 */
public final class MuxReader {

  /** Receives mux frames. */
  public interface Callback {
    void onChannelReq(int channel);

    void onChannelAck(int channel);

    void onChannelNack(int channel);

    void onChannelClose(int channel);

    void onChannelCloseAck(int channel);

    void onData(int channel, Bytes payload);

    void onPing(long time);

    void onPong(long pingTime, long time);

    void onPongAck(long unixTime);

    void onResetTransport();

    /** An opcode that names nothing (skipped), or the input ended inside a frame. */
    void onError(SssProtocolException error);
  }

  private final Callback callback;

  /** The opcode of the frame being read; null between frames. */
  private MuxOpcode opcode;
  /** Fixed bytes after the opcode (channel, length, times). */
  private final byte[] fixed = new byte[16];
  /** Fixed bytes read so far. */
  private int fixedFilled;
  /** The DATA payload being gathered; null outside one. */
  private byte[] payload;
  /** Payload bytes gathered so far. */
  private int payloadFilled;
  /** Bytes consumed: the offset of the next byte. */
  private long position;
  /** Offset of the current frame's opcode. */
  private long frameStart;

  public MuxReader(Callback callback) {
    this.callback = callback;
  }

  /** Bytes consumed so far. */
  public long position() {
    return position;
  }

  public void feed(Bytes data) {
    feed(data.toByteArray(), 0, data.length());
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  public void feed(byte[] data, int offset, int count) {
    int at = offset;
    int end = offset + count;
    while (at < end) {
      if (payload != null) {
        at = fillPayload(data, at, end);
      } else if (opcode == null) {
        startFrame(data[at++] & 0xff);
      } else {
        fixed[fixedFilled++] = data[at++];
        position++;
        if (fixedFilled == opcode.fixedLength()) {
          fixedComplete();
        }
      }
    }
  }

  /** The pipe closed: reports a frame cut short. */
  public void endOfInput() {
    if (opcode != null) {
      long have = position - frameStart;
      long fixedEnd = 1 + opcode.fixedLength();
      String total = payload != null ? "" + (fixedEnd + payload.length)
          : opcode == MuxOpcode.DATA ? "at least " + fixedEnd : "" + fixedEnd;
      callback.onError(new SssProtocolException(Rule.TRUNCATED, opcode.wireName(), frameStart,
          "truncated after " + have + " of " + total + " bytes"));
      opcode = null;
      payload = null;
    }
  }

  private void startFrame(int code) {
    frameStart = position++;
    MuxOpcode found = MuxOpcode.fromCode(code);
    if (found == null) {
      callback.onError(new SssProtocolException(Rule.UNKNOWN_TYPE, null, frameStart,
          String.format("unknown mux opcode 0x%02X", code)));
      return;
    }
    if (found.fixedLength() == 0) {
      callback.onResetTransport();
      return;
    }
    opcode = found;
    fixedFilled = 0;
  }

  private void fixedComplete() {
    MuxOpcode op = opcode;
    opcode = null;
    int channel = fixed[0] & 0xff;
    switch (op) {
      case CHANNEL_REQ:
        callback.onChannelReq(channel);
        break;
      case CHANNEL_ACK:
        callback.onChannelAck(channel);
        break;
      case CHANNEL_NACK:
        callback.onChannelNack(channel);
        break;
      case CHANNEL_CLOSE:
        callback.onChannelClose(channel);
        break;
      case CHANNEL_CLOSE_ACK:
        callback.onChannelCloseAck(channel);
        break;
      case DATA:
        startPayload(channel, (fixed[1] & 0xff) << 8 | fixed[2] & 0xff);
        break;
      case PING:
        callback.onPing(u64(0));
        break;
      case PONG:
        callback.onPong(u64(0), u64(8));
        break;
      case PONGACK:
        callback.onPongAck(u64(0));
        break;
      default:
        throw new AssertionError(op);
    }
  }

  private void startPayload(int channel, int length) {
    if (length == 0) {
      callback.onData(channel, Bytes.EMPTY);
      return;
    }
    opcode = MuxOpcode.DATA; // still inside the frame
    payload = new byte[length];
    payloadFilled = 0;
  }

  private int fillPayload(byte[] data, int at, int end) {
    int take = Math.min(end - at, payload.length - payloadFilled);
    System.arraycopy(data, at, payload, payloadFilled, take);
    payloadFilled += take;
    position += take;
    if (payloadFilled == payload.length) {
      byte[] complete = payload;
      payload = null;
      opcode = null;
      callback.onData(fixed[0] & 0xff, Bytes.unsafeWrap(complete, 0, complete.length));
    }
    return at + take;
  }

  private long u64(int at) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = value << 8 | fixed[at + i] & 0xff;
    }
    return value;
  }
}
