package dev.sluice.host.ws.impl;

import dev.sluice.ss.StreamFlags;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * The RFC 6455 rules Vert.x 5.0.7 leaves to the application, checked over its frame API
 * ({@code frameHandler}) on both client and server connections. Netty's decoder (with
 * permessage-deflate off) already rejects reserved bits, reserved opcodes, bad lengths, bad masking,
 * fragmented or oversized control frames and bad close frames; this class re-checks the frame-level
 * rules it can see (so a change of decoder settings cannot silently loosen them) and adds what
 * Netty does not do:
 *
 * <ul>
 *   <li>text messages must be UTF-8, checked piece by piece as frames arrive, across fragments
 *       (close 1007 at the first bad frame; a message that ends inside a code point is bad too);
 *   <li>a continuation needs an open message, a new message needs the previous one finished (1002);
 *   <li>frame and message size limits (1009), checked before the piece is passed on;
 *   <li>close frames: a 1-byte payload or a code that may not be sent is 1002, a reason that is not
 *       UTF-8 is 1007;
 *   <li>empty fragmented messages are delivered (Vert.x's own aggregator drops them).
 * </ul>
 *
 * Data frames come out as pieces with {@link StreamFlags#SOM} on the first and {@link
 * StreamFlags#EOM} on the last, plus {@link StreamFlags#TEXT} or {@link StreamFlags#BINARY}; empty
 * middle fragments are not passed on. After the first violation or a close frame nothing more is
 * passed on. Confined to the connection's context.
 */
public final class WsFrameValidator implements Handler<WebSocketFrame> {

  /** Where the validated frames go. */
  public interface Sink {
    /** A piece of a data message with SOM/EOM and TEXT/BINARY flags. */
    void piece(Buffer data, int flags);

    /** A PONG arrived (proof that the peer is alive). */
    void pong(Buffer data);

    /** The peer's close frame: its code (1005 when it gave none) and reason. */
    void closeReceived(int code, String reason);

    /** The peer broke a rule: the connection must be closed with {@code code}. */
    void violation(int code, String reason);
  }

  private final Sink sink;
  private final int maxFrameSize;
  private final long maxMessageSize;
  private final Utf8Validator utf8 = new Utf8Validator();
  /** A data message is open (its first frame came, its final one not yet). */
  private boolean open;
  /** The open message is text. */
  private boolean text;
  /** The next data frame is the first of its message. */
  private boolean first;
  /** Bytes received so far in the open message. */
  private long messageSize;
  /** A violation was reported or a close frame came: everything after is ignored. */
  private boolean done;

  public WsFrameValidator(WsLimits limits, Sink sink) {
    this.sink = sink;
    this.maxFrameSize = limits.maxFrameSize();
    this.maxMessageSize = limits.maxMessageSize();
  }

  @Override
  public void handle(WebSocketFrame frame) {
    if (done) {
      return;
    }
    switch (frame.type()) {
      case TEXT, BINARY -> start(frame);
      case CONTINUATION -> {
        if (!open) {
          fail(CloseCodes.PROTOCOL_ERROR, "continuation frame with no message to continue");
        } else {
          data(frame);
        }
      }
      case PING -> control(frame);
      case PONG -> {
        if (control(frame)) {
          sink.pong(frame.binaryData());
        }
      }
      case CLOSE -> {
        if (control(frame)) {
          close(frame.binaryData());
        }
      }
      default -> fail(CloseCodes.PROTOCOL_ERROR, "frame of unknown type " + frame.type());
    }
  }

  private void start(WebSocketFrame frame) {
    if (open) {
      fail(CloseCodes.PROTOCOL_ERROR, "new " + frame.type().name().toLowerCase() + " message before the previous one"
          + " ended");
      return;
    }
    open = true;
    first = true;
    text = frame.isText();
    messageSize = 0;
    utf8.reset();
    data(frame);
  }

  private void data(WebSocketFrame frame) {
    Buffer data = frame.binaryData();
    int len = data.length();
    if (len > maxFrameSize) {
      fail(CloseCodes.MESSAGE_TOO_BIG, "frame of " + len + " bytes exceeds limit " + maxFrameSize);
      return;
    }
    messageSize += len;
    if (messageSize > maxMessageSize) {
      fail(CloseCodes.MESSAGE_TOO_BIG, "message of " + messageSize + "+ bytes exceeds limit " + maxMessageSize);
      return;
    }
    boolean last = frame.isFinal();
    if (text && !utf8.feed(data)) {
      fail(CloseCodes.INVALID_PAYLOAD, "text message is not UTF-8 (bad byte at offset " + utf8.errorOffset() + ")");
      return;
    }
    if (text && last && !utf8.atBoundary()) {
      fail(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
      return;
    }
    int flags = (first ? StreamFlags.SOM : 0) | (last ? StreamFlags.EOM : 0)
        | (text ? StreamFlags.TEXT : StreamFlags.BINARY);
    boolean deliver = len > 0 || first || last;
    first = false;
    if (last) {
      open = false;
    }
    if (deliver) {
      sink.piece(data, flags);
    }
  }

  /** Checks the rules every control frame obeys; false (after reporting) when one is broken. */
  private boolean control(WebSocketFrame frame) {
    if (!frame.isFinal()) {
      fail(CloseCodes.PROTOCOL_ERROR, "fragmented " + frame.type() + " frame");
      return false;
    }
    int len = frame.binaryData().length();
    if (len > 125) {
      fail(CloseCodes.PROTOCOL_ERROR, frame.type() + " frame of " + len + " bytes exceeds 125");
      return false;
    }
    return true;
  }

  private void close(Buffer payload) {
    int len = payload.length();
    if (len == 1) {
      fail(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
      return;
    }
    if (len == 0) {
      done = true;
      sink.closeReceived(CloseCodes.NO_STATUS, "");
      return;
    }
    int code = payload.getUnsignedShort(0);
    if (!CloseCodes.validOnWire(code)) {
      fail(CloseCodes.PROTOCOL_ERROR, "close code " + code + " may not be sent");
      return;
    }
    Utf8Validator reason = new Utf8Validator();
    if (!reason.feed(payload, 2, len) || !reason.atBoundary()) {
      fail(CloseCodes.INVALID_PAYLOAD, "close reason is not UTF-8");
      return;
    }
    done = true;
    sink.closeReceived(code, payload.getString(2, len, StandardCharsets.UTF_8.name()));
  }

  private void fail(int code, String reason) {
    done = true;
    open = false;
    sink.violation(code, reason);
  }

  /** True once a violation or a close frame was seen. */
  public boolean isDone() {
    return done;
  }
}
