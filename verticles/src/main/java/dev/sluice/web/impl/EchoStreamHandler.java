package dev.sluice.web.impl;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * The built-in echo server: every piece an accepted stream receives goes back with the same message
 * flags (a text message as text, fragments as fragments). At most {@link #MAX_PENDING} pieces wait;
 * a peer that sends faster than it reads is disconnected rather than buffered without bound.
 */
public final class EchoStreamHandler implements StreamHandler {

  static final int MAX_PENDING = 64;
  private static final int KEPT = StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT | StreamFlags.BINARY;

  private final SecureStream stream;
  /** Pieces received and not yet sent back, each with its flags; on the stream's event loop. */
  private final ArrayDeque<Buffer> payloads = new ArrayDeque<>();
  private final ArrayDeque<Integer> flags = new ArrayDeque<>();

  public EchoStreamHandler(SecureStream stream) {
    this.stream = stream;
  }

  /**
   * A plain HTTP request on an h1/h2 echo streamtype (no ws upgrade): a request with a body gets it
   * back (200); a GET or HEAD, which has nothing to echo, gets 426 saying how to reach the echo.
   */
  @Override
  public CallbackResult state(StreamState state, long ack) {
    if (state == StreamState.SERVER_TXN) {
      String method = stream.metadata(":method").orElse("GET");
      if (method.equals("GET") || method.equals("HEAD")) {
        stream.serverNack(426);
        String sub = stream.metadata("sec-websocket-protocol:").orElse("");
        payloads.add(Buffer.buffer("this is a WebSocket echo: connect with an Upgrade: websocket request"
            + (sub.isEmpty() ? "" : " (subprotocol " + sub + ")") + "\n"));
        flags.add(StreamFlags.SOM | StreamFlags.EOM);
        stream.requestTx();
      } else {
        stream.serverAck();
      }
    }
    return CallbackResult.OK;
  }

  @Override
  public CallbackResult rx(Buffer payload, int f) {
    if (payloads.size() >= MAX_PENDING) {
      return CallbackResult.DISCONNECT_ME;
    }
    payloads.add(payload);
    flags.add(f & KEPT);
    stream.requestTx();
    return CallbackResult.OK;
  }

  @Override
  public TxResult tx(TxRequest request) {
    Buffer next = payloads.poll();
    if (next == null) {
      return TxResult.dontSend();
    }
    int f = flags.poll();
    if (next.length() > request.maxLength()) {
      // Too big for one answer: send the head now, the rest as the same message's continuation.
      payloads.addFirst(next.slice(request.maxLength(), next.length()));
      flags.addFirst(f & ~StreamFlags.SOM);
      next = next.slice(0, request.maxLength());
      f &= ~StreamFlags.EOM;
    }
    if (!payloads.isEmpty()) {
      stream.requestTx();
    }
    return TxResult.send(next, f);
  }
}
