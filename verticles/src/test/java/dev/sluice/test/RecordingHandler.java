package dev.sluice.test;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * Records what a stream reports: states (with acks), rx pieces and their flags; sends the payloads
 * queued with {@link #send}. Thread-safe for reading from the test thread.
 */
public class RecordingHandler implements StreamHandler {

  /** One rx callback: the payload and its flags. */
  public record RxPiece(Buffer payload, int flags) {
    public boolean has(int flag) {
      return (flags & flag) == flag;
    }
  }

  /** One state report. */
  public record StateEvent(StreamState state, long ack) {
    @Override
    public String toString() {
      return ack == 0 ? state.name() : state.name() + "(" + ack + ")";
    }
  }

  private final List<StateEvent> states = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> rxFlags = Collections.synchronizedList(new ArrayList<>());
  /** Each rx piece with its flags, in order. */
  private final List<RxPiece> pieces = Collections.synchronizedList(new ArrayList<>());
  private final Buffer rx = Buffer.buffer();
  private final Deque<Object[]> toSend = new ArrayDeque<>();
  /** The stream to ask for more tx while payloads are queued; null to send one per requestTx. */
  private volatile dev.sluice.ss.SecureStream stream;
  /** Threads the callbacks ran on, to check they never hop. */
  private final List<String> threads = Collections.synchronizedList(new ArrayList<>());

  @Override
  public CallbackResult rx(Buffer payload, int flags) {
    threads.add(Thread.currentThread().getName());
    synchronized (rx) {
      rx.appendBuffer(payload);
    }
    rxFlags.add(flags);
    pieces.add(new RxPiece(payload.copy(), flags));
    return CallbackResult.OK;
  }

  @Override
  public TxResult tx(TxRequest request) {
    threads.add(Thread.currentThread().getName());
    Object[] next;
    boolean more;
    synchronized (toSend) {
      next = toSend.poll();
      more = !toSend.isEmpty();
    }
    if (more && stream != null) {
      stream.requestTx();
    }
    return next == null ? TxResult.dontSend() : TxResult.send((Buffer) next[0], (Integer) next[1]);
  }

  @Override
  public CallbackResult state(StreamState state, long ack) {
    threads.add(Thread.currentThread().getName());
    states.add(new StateEvent(state, ack));
    return CallbackResult.OK;
  }

  /** Makes every queued payload go out: after each tx, asks the stream for another while some remain. */
  public RecordingHandler drainInto(dev.sluice.ss.SecureStream s) {
    this.stream = s;
    return this;
  }

  /** Queues a payload for the next tx callback. */
  public RecordingHandler send(Buffer payload, int flags) {
    synchronized (toSend) {
      toSend.add(new Object[] {payload, flags});
    }
    return this;
  }

  public RecordingHandler send(String payload) {
    return send(Buffer.buffer(payload), StreamFlags.SOM | StreamFlags.EOM);
  }

  public List<StreamState> states() {
    synchronized (states) {
      return states.stream().map(StateEvent::state).toList();
    }
  }

  public List<StateEvent> stateEvents() {
    synchronized (states) {
      return List.copyOf(states);
    }
  }

  public boolean saw(StreamState s) {
    return states().contains(s);
  }

  public String rxText() {
    synchronized (rx) {
      return rx.toString();
    }
  }

  /** Everything received, byte for byte. */
  public byte[] rxBytes() {
    synchronized (rx) {
      return rx.getBytes();
    }
  }

  public List<RxPiece> rxPieces() {
    synchronized (pieces) {
      return List.copyOf(pieces);
    }
  }

  public List<Integer> rxFlags() {
    synchronized (rxFlags) {
      return List.copyOf(rxFlags);
    }
  }

  public List<String> threads() {
    synchronized (threads) {
      return List.copyOf(threads);
    }
  }
}
