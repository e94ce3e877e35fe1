package dev.sluice.conformance.ws;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * What Autobahn's fuzzing client expects of a server: every message echoed, text as text and
 * binary as binary. Each received piece goes back with its SOM/EOM and TEXT/BINARY flags, so
 * fragments are echoed as they arrive, without gathering the message.
 */
final class EchoStreamHandler implements StreamHandler {

  private static final int KEPT = StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT | StreamFlags.BINARY;

  private final SecureStream stream;
  /** Pieces received and not sent back yet: {payload, flags}. */
  private final ArrayDeque<Object[]> pending = new ArrayDeque<>();

  EchoStreamHandler(SecureStream stream) {
    this.stream = stream;
  }

  @Override
  public CallbackResult rx(Buffer payload, int flags) {
    pending.add(new Object[] {payload, flags & KEPT});
    stream.requestTx();
    return CallbackResult.OK;
  }

  @Override
  public TxResult tx(TxRequest request) {
    Object[] next = pending.poll();
    if (!pending.isEmpty()) {
      stream.requestTx();
    }
    return next == null ? TxResult.dontSend() : TxResult.send((Buffer) next[0], (Integer) next[1]);
  }
}
