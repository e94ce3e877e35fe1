package dev.sluice.host.ws.impl;

import dev.sluice.ss.StreamFlags;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection as a stream sees it, the same on the client and the server side: strict
 * receiving through {@link WsFrameValidator}, stream pieces (SOM/EOM) written as frames, whole
 * messages queued behind an unfinished one, and exactly one report of how the connection ended.
 * Confined to the connection's context.
 */
public final class WsLink implements WsFrameValidator.Sink {

  private static final Logger log = LoggerFactory.getLogger(WsLink.class);

  /** Who ended the connection. */
  public enum Initiator {
    /** The peer sent a close frame. */
    PEER,
    /** The peer broke RFC 6455; we closed with 1002, 1007 or 1009. */
    PEER_VIOLATION,
    /** We closed it (the application, a validity hang-up, a tx error). */
    LOCAL,
    /** The TCP connection went away without a close frame (1006). */
    DROPPED
  }

  /**
   * How the connection ended.
   *
   * @param initiator who ended it
   * @param code the close code sent or received (1005: none given, 1006: no close frame)
   * @param reason the close reason, or what went wrong
   */
  public record Closed(Initiator initiator, int code, String reason) {
    public String describe() {
      String r = reason == null || reason.isEmpty() ? "" : ": " + reason;
      return switch (initiator) {
        case PEER -> "the peer closed the connection (" + code + r + ")";
        case PEER_VIOLATION -> "the peer broke the protocol, closed with " + code + r;
        case LOCAL -> "closed (" + code + r + ")";
        case DROPPED -> "the connection was dropped without a close frame" + r;
      };
    }
  }

  /** What the link reports to its stream. */
  public interface Events {
    void onPiece(Buffer data, int flags);

    void onPong();

    /** Called once, at the first sign that the connection is over. */
    void onClosed(Closed how);
  }

  private final WebSocketBase ws;
  private final String tag;
  private final Events events;
  private final boolean binaryByDefault;
  private final int maxQueued;
  private final WsFrameValidator validator;
  private final Utf8Validator txUtf8 = new Utf8Validator();
  /** A message is being sent: its first piece went out, its last not yet. */
  private boolean txOpen;
  /** The message being sent is text. */
  private boolean txText;
  /** The next piece of the open message is its first frame. */
  private boolean txFirst;
  /** Bytes of a code point cut by the first text frame, sent at the start of the next one; or null. */
  private Buffer txCarry;
  /** Whole messages (broadcasts) waiting for the open message to end: {payload, flags}. */
  private final ArrayDeque<Object[]> queued = new ArrayDeque<>();
  /** The close frame the peer sent, until the connection is reported closed; null before. */
  private Closed peerClose;
  /** Set once onClosed was called. */
  private boolean reported;

  public WsLink(WebSocketBase ws, String tag, WsLimits limits, boolean binaryByDefault, int maxQueued,
      Events events) {
    this.ws = ws;
    this.tag = tag;
    this.events = events;
    this.binaryByDefault = binaryByDefault;
    this.maxQueued = maxQueued;
    this.validator = new WsFrameValidator(limits, this);
  }

  /** Installs the handlers; call before the socket delivers anything. */
  public WsLink start() {
    ws.frameHandler(validator);
    ws.exceptionHandler(this::onException);
    ws.closeHandler(v -> onConnectionClosed());
    return this;
  }

  // ------------------------------------------------------------------ receiving

  @Override
  public void piece(Buffer data, int flags) {
    if (!reported) {
      events.onPiece(data, flags);
    }
  }

  @Override
  public void pong(Buffer data) {
    if (!reported) {
      events.onPong();
    }
  }

  @Override
  public void closeReceived(int code, String reason) {
    // Vert.x has already answered with a close frame; the TCP close follows.
    peerClose = new Closed(Initiator.PEER, code, reason);
    report(peerClose);
  }

  @Override
  public void violation(int code, String reason) {
    log.info("{}: {}; closing with {}", tag, reason, code);
    closeSocket(code, reason);
    report(new Closed(Initiator.PEER_VIOLATION, code, reason));
  }

  /**
   * Netty's decoder reports the rules it checks itself as exceptions (then Vert.x drops the
   * connection): answer with the matching close code first, as RFC 6455 §7.1.7 asks. The message
   * text is all Vert.x passes on without Netty's types, so the code is recovered from it.
   */
  private void onException(Throwable t) {
    String m = t.getMessage() == null ? "" : t.getMessage();
    if (isFrameError(t)) {
      int code = m.startsWith("Max frame length") ? CloseCodes.MESSAGE_TOO_BIG
          : m.contains("UTF-8") || m.startsWith("Invalid close frame body") ? CloseCodes.INVALID_PAYLOAD
          : CloseCodes.PROTOCOL_ERROR;
      violation(code, m);
    } else if (!reported) {
      log.debug("{}: connection error: {}", tag, m.isEmpty() ? t.getClass().getSimpleName() : m);
    }
  }

  private static boolean isFrameError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getClass().getSimpleName().equals("CorruptedWebSocketFrameException")
          || c.getClass().getSimpleName().equals("TooLongFrameException")) {
        return true;
      }
    }
    return false;
  }

  private void onConnectionClosed() {
    if (!reported) {
      report(peerClose != null ? peerClose : new Closed(Initiator.DROPPED, CloseCodes.ABNORMAL, ""));
    }
  }

  private void report(Closed how) {
    if (!reported) {
      reported = true;
      queued.clear();
      events.onClosed(how);
    }
  }

  // ------------------------------------------------------------------ sending

  /**
   * Sends one piece of a message: SOM starts a message (text or binary by the TEXT/BINARY flags, else
   * by the streamtype), EOM ends it; pieces in between are continuation frames. False when the piece
   * could not be sent (the connection is closing, or a text message is not UTF-8: then the link
   * closes with 1011 and reports it).
   */
  public boolean write(Buffer payload, int flags) {
    if (reported || ws.isClosed()) {
      return false;
    }
    boolean eom = StreamFlags.has(flags, StreamFlags.EOM);
    if (!txOpen) {
      txOpen = true;
      txFirst = true;
      txText = StreamFlags.has(flags, StreamFlags.TEXT)
          || (!StreamFlags.has(flags, StreamFlags.BINARY) && !binaryByDefault);
      txUtf8.reset();
      txCarry = null;
    } else if (StreamFlags.has(flags, StreamFlags.SOM)) {
      log.warn("{}: tx piece with SOM while a message is still open (no EOM yet); sent as its continuation", tag);
    }
    WebSocketFrame frame = txText ? textFrame(payload, eom) : txFirst ? WebSocketFrame.binaryFrame(payload, eom)
        : WebSocketFrame.continuationFrame(payload, eom);
    if (frame == null) {
      return false;
    }
    txFirst = false;
    ws.writeFrame(frame);
    if (eom) {
      txOpen = false;
      flushQueued();
    }
    return true;
  }

  private WebSocketFrame textFrame(Buffer payload, boolean eom) {
    if (!txUtf8.feed(payload) || (eom && !txUtf8.atBoundary())) {
      String why = "tx text message is not UTF-8 (bad byte at offset " + Math.max(txUtf8.errorOffset(), 0)
          + "; use ws_binary or the BINARY flag for binary data)";
      log.error("{}: {}; closing with 1011", tag, why);
      closeSocket(CloseCodes.INTERNAL_ERROR, "tx text message is not UTF-8");
      report(new Closed(Initiator.LOCAL, CloseCodes.INTERNAL_ERROR, why));
      return null;
    }
    if (!txFirst) {
      Buffer data = payload;
      if (txCarry != null) {
        data = Buffer.buffer(txCarry.length() + payload.length()).appendBuffer(txCarry).appendBuffer(payload);
        txCarry = null;
      }
      return WebSocketFrame.continuationFrame(data, eom);
    }
    // The first frame must be built from a String: keep a cut code point for the next frame.
    int keep = payload.length() - txUtf8.pendingBytes();
    txCarry = keep < payload.length() ? payload.getBuffer(keep, payload.length()) : null;
    String text = keep == payload.length() ? payload.toString(StandardCharsets.UTF_8)
        : payload.getString(0, keep, StandardCharsets.UTF_8.name());
    return WebSocketFrame.textFrame(text, eom);
  }

  /**
   * Sends a whole message (a broadcast): at once, or after the message being sent ends. False when
   * it was dropped (the link is closed, or too many are queued).
   */
  public boolean sendMessage(Buffer payload, int flags) {
    if (reported || ws.isClosed()) {
      return false;
    }
    if (txOpen) {
      if (queued.size() >= maxQueued) {
        log.warn("{}: broadcast dropped: {} already queued behind an unfinished message", tag, queued.size());
        return false;
      }
      queued.add(new Object[] {payload, flags});
      return true;
    }
    return write(payload, flags | StreamFlags.SOM | StreamFlags.EOM);
  }

  private void flushQueued() {
    while (!txOpen && !queued.isEmpty()) {
      Object[] next = queued.poll();
      write((Buffer) next[0], (Integer) next[1] | StreamFlags.SOM | StreamFlags.EOM);
    }
  }

  public boolean writeQueueFull() {
    return !ws.isClosed() && ws.writeQueueFull();
  }

  /** Runs {@code r} once the write queue has drained. */
  public void onDrain(Runnable r) {
    ws.drainHandler(v -> {
      ws.drainHandler(null);
      r.run();
    });
  }

  public void ping() {
    if (!ws.isClosed()) {
      ws.writePing(Buffer.buffer());
    }
  }

  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  /**
   * Closes the connection from our side without a report (the stream has already said what
   * happened): a close frame with {@code code}, then TCP close after the peer's answer or the
   * closing timeout.
   */
  public void close(int code, String reason) {
    reported = true;
    queued.clear();
    closeSocket(code, reason);
  }

  private void closeSocket(int code, String reason) {
    if (!ws.isClosed()) {
      ws.close((short) code, truncate(reason));
    }
  }

  /** Close reasons are limited to 123 bytes of UTF-8. */
  static String truncate(String reason) {
    if (reason == null) {
      return null;
    }
    byte[] b = reason.getBytes(StandardCharsets.UTF_8);
    if (b.length <= CloseCodes.MAX_REASON_BYTES) {
      return reason;
    }
    int end = CloseCodes.MAX_REASON_BYTES;
    while (end > 0 && (b[end] & 0xC0) == 0x80) {
      end--; // do not cut a code point
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }
}
