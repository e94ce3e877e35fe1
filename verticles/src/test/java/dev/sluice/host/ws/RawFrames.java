package dev.sluice.host.ws;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and parses WebSocket frames byte by byte, for peers that must send exactly what a test
 * says (bad frames included).
 */
final class RawFrames {
  private RawFrames() {}

  static final int CONT = 0;
  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CLOSE = 8;
  static final int PING = 9;
  static final int PONG = 10;

  /** A parsed frame. */
  record Frame(boolean fin, int rsv, int opcode, Buffer payload) {
    int closeCode() {
      return payload.length() >= 2 ? payload.getUnsignedShort(0) : 1005;
    }
  }

  /** A frame as a server sends it (unmasked), with any header bits. */
  static Buffer frame(boolean fin, int rsv, int opcode, Buffer payload) {
    return frame(fin, rsv, opcode, payload, null, payload.length());
  }

  static Buffer frame(int opcode, String text) {
    return frame(true, 0, opcode, Buffer.buffer(text));
  }

  /**
   * Any frame: {@code mask} null for none, {@code declaredLength} may differ from the payload's
   * (to announce a frame and send only its header).
   */
  static Buffer frame(boolean fin, int rsv, int opcode, Buffer payload, byte[] mask, long declaredLength) {
    Buffer b = Buffer.buffer();
    b.appendByte((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
    int maskBit = mask == null ? 0 : 0x80;
    if (declaredLength < 126) {
      b.appendByte((byte) (maskBit | declaredLength));
    } else if (declaredLength < 65536) {
      b.appendByte((byte) (maskBit | 126)).appendUnsignedShort((int) declaredLength);
    } else {
      b.appendByte((byte) (maskBit | 127)).appendLong(declaredLength);
    }
    if (mask == null) {
      return b.appendBuffer(payload);
    }
    b.appendBytes(mask);
    for (int i = 0; i < payload.length(); i++) {
      b.appendByte((byte) (payload.getByte(i) ^ mask[i % 4]));
    }
    return b;
  }

  static Buffer close(int code, String reason) {
    return frame(true, 0, CLOSE, Buffer.buffer().appendUnsignedShort(code).appendString(reason));
  }

  /** Parses frames from a growing byte stream, masked or not. */
  static final class Reader {
    private Buffer pending = Buffer.buffer();

    /** Appends bytes and returns the frames now complete. */
    List<Frame> feed(Buffer bytes) {
      pending.appendBuffer(bytes);
      List<Frame> out = new ArrayList<>();
      while (true) {
        Frame f = next();
        if (f == null) {
          return out;
        }
        out.add(f);
      }
    }

    private Frame next() {
      if (pending.length() < 2) {
        return null;
      }
      int b0 = pending.getUnsignedByte(0);
      int b1 = pending.getUnsignedByte(1);
      boolean masked = (b1 & 0x80) != 0;
      long len = b1 & 0x7F;
      int at = 2;
      if (len == 126) {
        if (pending.length() < 4) {
          return null;
        }
        len = pending.getUnsignedShort(2);
        at = 4;
      } else if (len == 127) {
        if (pending.length() < 10) {
          return null;
        }
        len = pending.getLong(2);
        at = 10;
      }
      int maskAt = at;
      if (masked) {
        at += 4;
      }
      if (pending.length() < at + len) {
        return null;
      }
      Buffer payload = Buffer.buffer();
      for (int i = 0; i < len; i++) {
        byte v = pending.getByte(at + i);
        payload.appendByte(masked ? (byte) (v ^ pending.getByte(maskAt + i % 4)) : v);
      }
      pending = pending.getBuffer(at + (int) len, pending.length());
      return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, payload);
    }
  }
}
