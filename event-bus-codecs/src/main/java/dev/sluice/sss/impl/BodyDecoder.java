package dev.sluice.sss.impl;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssFrame;
import dev.sluice.sss.SssFrameGate;
import dev.sluice.sss.SssFrameType;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.SssProtocolException.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a complete frame body into a frame, applying lws's field rules. The reader has already
 * checked the type and the length against the type's bounds; this checks what lies inside. Bad
 * input becomes a {@link SssProtocolException} naming the field and its absolute offset.
 */
public final class BodyDecoder {

  private final SssFrameType type;
  private final byte[] body;
  /** Offset of body[0] in the direction's stream, for error messages. */
  private final long base;

  private BodyDecoder(SssFrameType type, byte[] body, long base) {
    this.type = type;
    this.body = body;
    this.base = base;
  }

  /**
   * Decodes {@code body} (owned by the caller and never written again: payloads share it).
   *
   * @param base the stream offset of the body's first byte
   */
  public static SssFrame decode(SssFrameType type, byte[] body, long base, SssFrameGate gate) {
    BodyDecoder decoder = new BodyDecoder(type, body, base);
    try {
      return decoder.decode(gate);
    } catch (IllegalArgumentException e) {
      // a frame constructor refused a value the checks above did not foresee
      throw new SssProtocolException(Rule.BAD_FIELD, null, base, e.getMessage());
    }
  }

  private SssFrame decode(SssFrameGate gate) {
    switch (type) {
      case STREAMTYPE:
        return streamType();
      case ONWARD_CONNECT:
        return ClientFrame.OnwardConnect.INSTANCE;
      case DESTROYING:
        return ClientFrame.Destroying.INSTANCE;
      case TX_PAYLOAD:
        return txPayload();
      case CLIENT_METADATA:
        return clientMetadata(gate);
      case CLIENT_TXCR_UPDATE:
        return new ClientFrame.TxCreditUpdate((int) u32(0));
      case TIMEOUT_UPDATE:
        return new ClientFrame.TimeoutUpdate(u32(0));
      case PAYLOAD_LENGTH_HINT:
        return new ClientFrame.PayloadLengthHint(u32(0));
      case RX_PAYLOAD:
        return rxPayload();
      case CREATE_RESULT:
        return createResult();
      case CONNSTATE:
        return connState();
      case PROXY_TXCR_UPDATE:
        return new ProxyFrame.TxCreditUpdate((int) u32(0));
      case PROXY_METADATA:
        return new ProxyFrame.Metadata(metadataName(), metadataValue());
      case PERF:
        return new ProxyFrame.Perf(slice(0));
      default:
        // reserved types never get this far: the reader refuses them at the type byte
        throw error(Rule.RESERVED_TYPE, 0, "is reserved");
    }
  }

  private SssFrame streamType() {
    if (body[0] != ClientFrame.StreamType.VERSION) {
      throw error(Rule.BAD_VERSION, 0,
          "protocol version " + (body[0] & 0xff) + " is not " + ClientFrame.StreamType.VERSION);
    }
    return new ClientFrame.StreamType(u32(1), u32(5), latin1(9, body.length));
  }

  private SssFrame txPayload() {
    int flags = (int) u32(0);
    String rideshare = rideshare(flags);
    return new ClientFrame.TxPayload(flags, u32(4), u64(8), rideshare,
        slice(payloadStart(rideshare)));
  }

  private SssFrame rxPayload() {
    int flags = (int) u32(0);
    String rideshare = rideshare(flags);
    return new ProxyFrame.RxPayload(flags, u32(4), u64(8), rideshare,
        slice(payloadStart(rideshare)));
  }

  private static int payloadStart(String rideshare) {
    return Checks.PAYLOAD_HEADER + (rideshare == null ? 0 : 1 + rideshare.length());
  }

  /** The rideshare name after the 16 header bytes, present only with the RIDESHARE flag. */
  private String rideshare(int flags) {
    if (!SssFlags.has(flags, SssFlags.RIDESHARE)) {
      return null;
    }
    int at = Checks.PAYLOAD_HEADER;
    if (body.length <= at) {
      throw error(Rule.BAD_NAME_LENGTH, at, "has the RIDESHARE flag but no rideshare name");
    }
    int length = body[at] & 0xff;
    checkNameLength("rideshare name", at, length, Checks.MAX_NAME, body.length - at - 1);
    return latin1(at + 1, at + 1 + length);
  }

  private SssFrame clientMetadata(SssFrameGate gate) {
    String name = metadataName();
    if (!gate.declaresMetadata(name)) {
      throw error(Rule.UNDECLARED_METADATA, 1,
          "name \"" + name + "\" is not declared by the policy for this streamtype");
    }
    return new ClientFrame.Metadata(name, metadataValue());
  }

  private String metadataName() {
    int length = body[0] & 0xff;
    if (length + 1 >= body.length) {
      String what = length + 1 == body.length ? " leaves no room for a value in"
          : " exceeds";
      throw error(Rule.BAD_NAME_LENGTH, 0,
          "name length " + length + what + " frame body of " + body.length + " bytes");
    }
    checkNameLength("name", 0, length, Checks.MAX_METADATA_NAME, body.length - 2);
    return latin1(1, 1 + length);
  }

  private Bytes metadataValue() {
    return slice(1 + (body[0] & 0xff));
  }

  /** lws refuses a zero name length and one over its buffer; the name must fit the body too. */
  private void checkNameLength(String what, int at, int length, int max, int room) {
    if (length == 0) {
      throw error(Rule.BAD_NAME_LENGTH, at, what + " length is 0");
    }
    if (length > room) {
      throw error(Rule.BAD_NAME_LENGTH, at, what + " length " + length
          + " exceeds frame body of " + body.length + " bytes");
    }
    if (length > max) {
      throw error(Rule.BAD_NAME_LENGTH, at, what + " length " + length + " exceeds " + max);
    }
  }

  private SssFrame createResult() {
    int result = body[0] & 0xff;
    if (body.length < 5) {
      if (result == 0) {
        throw error(Rule.LENGTH_TOO_SHORT, -2, "length " + body.length
            + " is too short for a success, which needs 5 (result and client buffer size)");
      }
      // result only: lws clients take this as the failure it reports
      return new ProxyFrame.CreateResult(result, 0, List.of());
    }
    return new ProxyFrame.CreateResult(result, u32(1), rideshareList(5));
  }

  /**
   * The rideshare list after the client buffer size. lws writes {@code ,name[,name...]} (a
   * leading comma); we also take a list without it, empty entries, and the 2-byte tx credit the
   * lws header comment describes at this place, which we recognise by its non-text first byte.
   */
  private List<String> rideshareList(int at) {
    int from = at;
    if (body.length - from >= 2 && !isText(body[from])) {
      from += 2;
    }
    List<String> names = new ArrayList<>();
    int start = from;
    for (int i = from; i <= body.length; i++) {
      if (i == body.length || body[i] == ',') {
        if (i > start) {
          if (i - start > Checks.MAX_NAME) {
            throw error(Rule.BAD_NAME_LENGTH, start,
                "rideshare name of " + (i - start) + " bytes exceeds " + Checks.MAX_NAME);
          }
          names.add(latin1(start, i));
        }
        start = i + 1;
      }
    }
    return names;
  }

  private static boolean isText(byte b) {
    return b >= 0x20 && b < 0x7f;
  }

  private SssFrame connState() {
    int stateBytes = body.length - 4;
    long state = 0;
    for (int i = 0; i < stateBytes; i++) {
      state = state << 8 | (body[i] & 0xff);
    }
    return new ProxyFrame.ConnState(state, u32(stateBytes));
  }

  private long u32(int at) {
    return (body[at] & 0xffL) << 24 | (body[at + 1] & 0xffL) << 16 | (body[at + 2] & 0xffL) << 8
        | body[at + 3] & 0xffL;
  }

  private long u64(int at) {
    return u32(at) << 32 | u32(at + 4);
  }

  private String latin1(int from, int to) {
    return Bytes.unsafeWrap(body, from, to - from).latin1();
  }

  private Bytes slice(int from) {
    return Bytes.unsafeWrap(body, from, body.length - from);
  }

  /** An error about the byte at body offset {@code at} (negative: inside the header). */
  private SssProtocolException error(Rule rule, int at, String detail) {
    return new SssProtocolException(rule, type.wireName(), base + at, detail);
  }
}
