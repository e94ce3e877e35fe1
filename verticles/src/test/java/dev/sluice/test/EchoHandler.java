package dev.sluice.test;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server stream handler that sends every received piece back with the same flags (so a text
 * message comes back as text, fragments as fragments), and records the states it saw.
 */
public class EchoHandler implements StreamHandler {

  private static final int KEPT = StreamFlags.SOM | StreamFlags.EOM | StreamFlags.TEXT | StreamFlags.BINARY;

  private final SecureStream stream;
  /** Pieces received and not yet sent back: {payload, flags}. */
  private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
  private final List<StreamState> states = new CopyOnWriteArrayList<>();

  public EchoHandler(SecureStream stream) {
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

  @Override
  public CallbackResult state(StreamState state, long ack) {
    states.add(state);
    return CallbackResult.OK;
  }

  public List<StreamState> states() {
    return List.copyOf(states);
  }
}
