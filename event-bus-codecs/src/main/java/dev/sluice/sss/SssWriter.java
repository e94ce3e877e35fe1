package dev.sluice.sss;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes frames as lws's own code writes them, byte for byte: {@code type | length u16 BE |
 * body}. Where lws's header comments and code disagree this follows the code: payload at frame
 * offset 19, CREATE_RESULT without the commented 2-byte tx credit and with a leading comma before
 * the rideshare list, CONNSTATE with a 1-byte state up to 255. Stateless and thread-safe.
 */
public final class SssWriter {

  /** Type byte and 16-bit length. */
  public static final int HEADER = 3;

  private SssWriter() {}

  /** The frame's bytes in a new array. */
  public static byte[] encode(SssFrame frame) {
    byte[] out = new byte[encodedLength(frame)];
    encode(frame, out, 0);
    return out;
  }

  /** The frame's bytes in a new Vert.x buffer. */
  public static Buffer toBuffer(SssFrame frame) {
    return Buffer.buffer(encode(frame));
  }

  /** Appends the frame's bytes to {@code buffer}. */
  public static void appendTo(SssFrame frame, Buffer buffer) {
    buffer.appendBytes(encode(frame));
  }

  /** Header plus body. */
  public static int encodedLength(SssFrame frame) {
    return HEADER + bodyLength(frame);
  }

  /** Writes the frame into {@code dest} at {@code offset}; returns the bytes written. */
  public static int encode(SssFrame frame, byte[] dest, int offset) {
    int body = bodyLength(frame);
    if (offset < 0 || dest.length - offset < HEADER + body) {
      throw new IndexOutOfBoundsException(frame.type().wireName() + " needs " + (HEADER + body)
          + " bytes at offset " + offset + " of a " + dest.length + "-byte array");
    }
    dest[offset] = (byte) frame.type().code();
    putU16(dest, offset + 1, body);
    writeBody(frame, dest, offset + HEADER);
    return HEADER + body;
  }

  /** The length field's value for this frame. */
  public static int bodyLength(SssFrame frame) {
    if (frame instanceof ClientFrame) {
      return clientBodyLength((ClientFrame) frame);
    }
    return proxyBodyLength((ProxyFrame) frame);
  }

  private static int clientBodyLength(ClientFrame frame) {
    switch (frame.type()) {
      case STREAMTYPE:
        return 9 + ((ClientFrame.StreamType) frame).streamType().length();
      case ONWARD_CONNECT:
      case DESTROYING:
        return 0;
      case TX_PAYLOAD:
        ClientFrame.TxPayload tx = (ClientFrame.TxPayload) frame;
        return payloadBodyLength(tx.rideshare(), tx.payload());
      case CLIENT_METADATA:
        ClientFrame.Metadata md = (ClientFrame.Metadata) frame;
        return 1 + md.name().length() + md.value().length();
      case CLIENT_TXCR_UPDATE:
      case TIMEOUT_UPDATE:
      case PAYLOAD_LENGTH_HINT:
        return 4;
      case TLSNEG_ENCLAVE_SIGNED:
        return ((ClientFrame.TlsnegEnclaveSigned) frame).body().length();
      case LINK_VALIDITY_PROBE:
        return ((ClientFrame.LinkValidityProbe) frame).body().length();
      default:
        throw new AssertionError(frame.type());
    }
  }

  private static int proxyBodyLength(ProxyFrame frame) {
    switch (frame.type()) {
      case RX_PAYLOAD:
        ProxyFrame.RxPayload rx = (ProxyFrame.RxPayload) frame;
        return payloadBodyLength(rx.rideshare(), rx.payload());
      case CREATE_RESULT:
        return 5 + listLength(((ProxyFrame.CreateResult) frame).rideshare());
      case CONNSTATE:
        return ((ProxyFrame.ConnState) frame).state() > 0xff ? 8 : 5;
      case PROXY_TXCR_UPDATE:
        return 4;
      case PROXY_METADATA:
        ProxyFrame.Metadata md = (ProxyFrame.Metadata) frame;
        return 1 + md.name().length() + md.value().length();
      case TLSNEG_ENCLAVE_SIGN:
        return ((ProxyFrame.TlsnegEnclaveSign) frame).body().length();
      case PERF:
        return ((ProxyFrame.Perf) frame).json().length();
      default:
        throw new AssertionError(frame.type());
    }
  }

  private static int payloadBodyLength(String rideshare, Bytes payload) {
    return 16 + (rideshare == null ? 0 : 1 + rideshare.length()) + payload.length();
  }

  private static int listLength(List<String> names) {
    int length = 0;
    for (String name : names) {
      length += 1 + name.length();
    }
    return length;
  }

  private static void writeBody(SssFrame frame, byte[] out, int at) {
    if (frame instanceof ClientFrame) {
      writeClientBody((ClientFrame) frame, out, at);
    } else {
      writeProxyBody((ProxyFrame) frame, out, at);
    }
  }

  private static void writeClientBody(ClientFrame frame, byte[] out, int at) {
    switch (frame.type()) {
      case STREAMTYPE:
        ClientFrame.StreamType st = (ClientFrame.StreamType) frame;
        out[at] = (byte) ClientFrame.StreamType.VERSION;
        putU32(out, at + 1, st.pid());
        putU32(out, at + 5, st.initialTxCredit());
        putLatin1(out, at + 9, st.streamType());
        break;
      case ONWARD_CONNECT:
      case DESTROYING:
        break;
      case TX_PAYLOAD:
        ClientFrame.TxPayload tx = (ClientFrame.TxPayload) frame;
        putPayload(out, at, tx.flags(), tx.usClientWait(), tx.usUnixTime(), tx.rideshare(),
            tx.payload());
        break;
      case CLIENT_METADATA:
        ClientFrame.Metadata md = (ClientFrame.Metadata) frame;
        putMetadata(out, at, md.name(), md.value());
        break;
      case CLIENT_TXCR_UPDATE:
        putU32(out, at, ((ClientFrame.TxCreditUpdate) frame).delta() & 0xffffffffL);
        break;
      case TIMEOUT_UPDATE:
        putU32(out, at, ((ClientFrame.TimeoutUpdate) frame).ms());
        break;
      case PAYLOAD_LENGTH_HINT:
        putU32(out, at, ((ClientFrame.PayloadLengthHint) frame).length());
        break;
      case TLSNEG_ENCLAVE_SIGNED:
        ((ClientFrame.TlsnegEnclaveSigned) frame).body().copyTo(out, at);
        break;
      case LINK_VALIDITY_PROBE:
        ((ClientFrame.LinkValidityProbe) frame).body().copyTo(out, at);
        break;
      default:
        throw new AssertionError(frame.type());
    }
  }

  private static void writeProxyBody(ProxyFrame frame, byte[] out, int at) {
    switch (frame.type()) {
      case RX_PAYLOAD:
        ProxyFrame.RxPayload rx = (ProxyFrame.RxPayload) frame;
        putPayload(out, at, rx.flags(), rx.usLatency(), rx.usUnixTime(), rx.rideshare(),
            rx.payload());
        break;
      case CREATE_RESULT:
        putCreateResult((ProxyFrame.CreateResult) frame, out, at);
        break;
      case CONNSTATE:
        ProxyFrame.ConnState cs = (ProxyFrame.ConnState) frame;
        if (cs.state() > 0xff) {
          putU32(out, at, cs.state());
          putU32(out, at + 4, cs.ack());
        } else {
          out[at] = (byte) cs.state();
          putU32(out, at + 1, cs.ack());
        }
        break;
      case PROXY_TXCR_UPDATE:
        putU32(out, at, ((ProxyFrame.TxCreditUpdate) frame).delta() & 0xffffffffL);
        break;
      case PROXY_METADATA:
        ProxyFrame.Metadata md = (ProxyFrame.Metadata) frame;
        putMetadata(out, at, md.name(), md.value());
        break;
      case TLSNEG_ENCLAVE_SIGN:
        ((ProxyFrame.TlsnegEnclaveSign) frame).body().copyTo(out, at);
        break;
      case PERF:
        ((ProxyFrame.Perf) frame).json().copyTo(out, at);
        break;
      default:
        throw new AssertionError(frame.type());
    }
  }

  private static void putCreateResult(ProxyFrame.CreateResult cr, byte[] out, int at) {
    out[at] = (byte) cr.result();
    putU32(out, at + 1, cr.clientBuflen());
    int pos = at + 5;
    for (String name : cr.rideshare()) {
      // lws starts the list with a comma, then "name" and ",name" for each rideshare
      out[pos++] = ',';
      pos = putLatin1(out, pos, name);
    }
  }

  private static void putPayload(byte[] out, int at, int flags, long usDelay, long usUnixTime,
      String rideshare, Bytes payload) {
    putU32(out, at, flags & 0xffffffffL);
    putU32(out, at + 4, usDelay);
    putU64(out, at + 8, usUnixTime);
    int pos = at + 16;
    if (rideshare != null) {
      out[pos++] = (byte) rideshare.length();
      pos = putLatin1(out, pos, rideshare);
    }
    payload.copyTo(out, pos);
  }

  private static void putMetadata(byte[] out, int at, String name, Bytes value) {
    out[at] = (byte) name.length();
    int pos = putLatin1(out, at + 1, name);
    value.copyTo(out, pos);
  }

  private static int putLatin1(byte[] out, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return at + bytes.length;
  }

  static void putU16(byte[] out, int at, int value) {
    out[at] = (byte) (value >>> 8);
    out[at + 1] = (byte) value;
  }

  static void putU32(byte[] out, int at, long value) {
    out[at] = (byte) (value >>> 24);
    out[at + 1] = (byte) (value >>> 16);
    out[at + 2] = (byte) (value >>> 8);
    out[at + 3] = (byte) value;
  }

  static void putU64(byte[] out, int at, long value) {
    putU32(out, at, value >>> 32);
    putU32(out, at + 4, value & 0xffffffffL);
  }
}
