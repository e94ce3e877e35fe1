package dev.sluice.sss.session;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * Records what a client session reports, and plays the application: it can react to states and
 * answers tx from a function.
 */
public class RecordingClientListener implements ClientSessionListener {

  /** States in order, by name (with the ack when it is not 0). */
  public final List<String> states = new ArrayList<>();
  /** Rx pieces in order. */
  public final List<TxChunk> rx = new ArrayList<>();
  /** Rx metadata as name=value. */
  public final List<String> rxMetadata = new ArrayList<>();
  /** Close reasons ("closed" for none). */
  public final List<String> closes = new ArrayList<>();
  /** The last close reason. */
  public SssProtocolException reason;
  /** Times the session said it has something to write. */
  public int writeReady;

  /** What the application does on each state; does nothing by default. */
  public LongConsumer onState = state -> { };
  /** What the application sends when asked; nothing by default. */
  public IntFunction<TxChunk> onTx = max -> null;

  @Override
  public void state(long state, long ack) {
    states.add(SssConnState.nameOf(state) + (ack == 0 ? "" : "(" + ack + ")"));
    onState.accept(state);
  }

  @Override
  public void rx(Bytes payload, int flags) {
    rx.add(new TxChunk(payload, flags));
  }

  @Override
  public void rxMetadata(String name, Bytes value) {
    rxMetadata.add(name + "=" + value.latin1());
  }

  @Override
  public TxChunk tx(int maxLength) {
    return onTx.apply(maxLength);
  }

  @Override
  public void writeReady() {
    writeReady++;
  }

  @Override
  public void closed(SssProtocolException why) {
    reason = why;
    closes.add(why == null ? "closed" : why.rule() + ": " + why.getMessage());
  }

  /** The rx pieces as "length flags", e.g. {@code 1380 SOM}. */
  public List<String> rxShape() {
    List<String> shape = new ArrayList<>();
    for (TxChunk piece : rx) {
      shape.add(piece.payload().length() + " " + SssFlags.describe(piece.flags()));
    }
    return shape;
  }
}
