package dev.sluice.frame;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary event-bus codec of {@link StreamFrame}s, for hosts on other nodes. On the wire:
 * {@code length:u32 | type:u8 | fields}, all big-endian; strings are {@code u16 length | UTF-8},
 * optional strings start with a presence byte, payloads are {@code u32 length | bytes}, maps are
 * {@code u8 count | (key, value)*}. Every length is checked against the limits before anything is
 * allocated; a bad frame throws {@link FrameDecodeException} naming the frame, offset and rule.
 * Local delivery passes the frame object itself (frames are immutable; receivers must not change a
 * payload buffer). Stateless and thread-safe.
 */
public final class StreamFrameCodec implements MessageCodec<StreamFrame, StreamFrame> {

  public static final String NAME = "sluice.frame";
  /** Largest payload a frame carries. */
  public static final int MAX_PAYLOAD = 1024 * 1024;
  /** Largest metadata map in a Create. */
  public static final int MAX_METADATA = 255;

  @Override
  public void encodeToWire(Buffer out, StreamFrame f) {
    int start = out.length();
    out.appendInt(0);
    out.appendByte((byte) f.type().code());
    body(out, f);
    out.setInt(start, out.length() - start - 4);
  }

  private static void body(Buffer out, StreamFrame f) {
    if (f instanceof StreamFrame.Create c) {
      string(out, c.streamtype());
      if (c.metadata().size() > MAX_METADATA) {
        throw new IllegalArgumentException("a Create carries at most " + MAX_METADATA + " metadata items");
      }
      out.appendByte((byte) c.metadata().size());
      c.metadata().forEach((k, v) -> {
        string(out, k);
        string(out, v);
      });
      string(out, c.clientAddress());
      string(out, c.tag());
      out.appendByte((byte) (c.replay() ? 1 : 0));
    } else if (f instanceof StreamFrame.RequestTx r) {
      out.appendLong(r.lengthHint());
    } else if (f instanceof StreamFrame.Payload p) {
      payload(out, p.data());
      out.appendInt(p.flags());
    } else if (f instanceof StreamFrame.Metadata m) {
      string(out, m.name());
      optional(out, m.value());
    } else if (f instanceof StreamFrame.Timeout t) {
      out.appendLong(t.ms());
    } else if (f instanceof StreamFrame.RxFlow r) {
      out.appendByte((byte) (r.enabled() ? 1 : 0));
    } else if (f instanceof StreamFrame.TxCredit t) {
      out.appendInt(t.bytes());
    } else if (f instanceof StreamFrame.ServerAck a) {
      out.appendInt(a.status());
    } else if (f instanceof StreamFrame.CreateResult r) {
      out.appendByte((byte) (r.ok() ? 1 : 0));
      optional(out, r.hostAddress());
      optional(out, r.error());
    } else if (f instanceof StreamFrame.State s) {
      out.appendInt(s.state());
      out.appendLong(s.ack());
    } else if (f instanceof StreamFrame.Rx r) {
      payload(out, r.data());
      out.appendInt(r.flags());
    } else if (f instanceof StreamFrame.TxReady t) {
      out.appendLong(t.ordinal());
      out.appendInt(t.maxLength());
    } else if (f instanceof StreamFrame.RxMetadata m) {
      string(out, m.name());
      string(out, m.value());
    }
    // Start, Connect, TxNone, Disconnect, Destroy, Ping: no fields
  }

  @Override
  public StreamFrame decodeFromWire(int pos, Buffer in) {
    Reader r = new Reader(in, pos);
    int length = r.u32("frame");
    if (length < 1 || pos + 4L + length > in.length()) {
      throw new FrameDecodeException("frame", pos, "length " + length + " does not fit the " + (in.length() - pos - 4)
          + " bytes that follow");
    }
    r.end = pos + 4 + length;
    int code = r.u8("frame");
    FrameType type = FrameType.of(code);
    if (type == null) {
      throw new FrameDecodeException("frame", pos + 4, "unknown frame type " + code);
    }
    r.frame = type.name();
    StreamFrame f = decode(type, r);
    if (r.pos != r.end) {
      throw new FrameDecodeException(type.name(), r.pos, (r.end - r.pos) + " bytes left over after the fields");
    }
    return f;
  }

  private static StreamFrame decode(FrameType type, Reader r) {
    return switch (type) {
      case CREATE -> {
        String st = r.string();
        int n = r.u8("metadata count");
        Map<String, String> md = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          md.put(r.string(), r.string());
        }
        yield new StreamFrame.Create(st, md, r.string(), r.string(), r.u8("replay") != 0);
      }
      case START -> new StreamFrame.Start();
      case CONNECT -> new StreamFrame.Connect();
      case REQUEST_TX -> new StreamFrame.RequestTx(r.i64());
      case PAYLOAD -> new StreamFrame.Payload(r.payload(), r.i32());
      case TX_NONE -> new StreamFrame.TxNone();
      case METADATA -> new StreamFrame.Metadata(r.string(), r.optional());
      case TIMEOUT -> new StreamFrame.Timeout(r.i64());
      case RX_FLOW -> new StreamFrame.RxFlow(r.u8("enabled") != 0);
      case TX_CREDIT -> new StreamFrame.TxCredit(r.i32());
      case SERVER_ACK -> new StreamFrame.ServerAck(r.i32());
      case DISCONNECT -> new StreamFrame.Disconnect();
      case DESTROY -> new StreamFrame.Destroy();
      case CREATE_RESULT -> new StreamFrame.CreateResult(r.u8("ok") != 0, r.optional(), r.optional());
      case STATE -> new StreamFrame.State(r.i32(), r.i64());
      case RX -> new StreamFrame.Rx(r.payload(), r.i32());
      case TX_READY -> new StreamFrame.TxReady(r.i64(), r.i32());
      case RX_METADATA -> new StreamFrame.RxMetadata(r.string(), r.string());
      case PING -> new StreamFrame.Ping();
    };
  }

  @Override
  public StreamFrame transform(StreamFrame f) {
    return f;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void string(Buffer out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xffff) {
      throw new IllegalArgumentException("a frame string is at most 65535 bytes, got " + b.length);
    }
    out.appendUnsignedShort(b.length).appendBytes(b);
  }

  private static void optional(Buffer out, String s) {
    out.appendByte((byte) (s == null ? 0 : 1));
    if (s != null) {
      string(out, s);
    }
  }

  private static void payload(Buffer out, Buffer data) {
    if (data.length() > MAX_PAYLOAD) {
      throw new IllegalArgumentException("a frame payload is at most " + MAX_PAYLOAD + " bytes, got " + data.length());
    }
    out.appendInt(data.length()).appendBuffer(data);
  }

  /** Bounds-checked reading within one frame. */
  private static final class Reader {
    private final Buffer in;
    /** Next byte to read, and the end of the frame (exclusive). */
    int pos;
    int end;
    /** The frame's name, for messages. */
    String frame = "frame";

    Reader(Buffer in, int pos) {
      this.in = in;
      this.pos = pos;
      this.end = in.length();
    }

    private void need(int n, String what) {
      if (pos + (long) n > end) {
        throw new FrameDecodeException(frame, pos, what + " needs " + n + " bytes but the frame ends after "
            + (end - pos));
      }
    }

    int u8(String what) {
      need(1, what);
      return in.getUnsignedByte(pos++);
    }

    int u32(String what) {
      need(4, what);
      int v = in.getInt(pos);
      pos += 4;
      return v;
    }

    int i32() {
      return u32("an int");
    }

    long i64() {
      need(8, "a long");
      long v = in.getLong(pos);
      pos += 8;
      return v;
    }

    String string() {
      need(2, "a string length");
      int n = in.getUnsignedShort(pos);
      pos += 2;
      need(n, "a string");
      String s = in.getString(pos, pos + n, "UTF-8");
      pos += n;
      return s;
    }

    String optional() {
      return u8("a presence byte") == 0 ? null : string();
    }

    Buffer payload() {
      int n = u32("a payload length");
      if (n < 0 || n > MAX_PAYLOAD) {
        throw new FrameDecodeException(frame, pos - 4, "payload of " + Integer.toUnsignedString(n)
            + " bytes exceeds the limit of " + MAX_PAYLOAD);
      }
      need(n, "the payload");
      Buffer b = in.getBuffer(pos, pos + n);
      pos += n;
      return b;
    }
  }
}
