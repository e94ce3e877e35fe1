package dev.sluice.ss.impl;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamChannel;
import dev.sluice.ss.StreamFailedException;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@link StreamChannel} over a stream handler. All of its state is confined to the stream's context
 * (the handler is called there, and the channel's methods must be called there too, as for Vert.x's
 * own streams).
 */
final class StreamChannelImpl implements StreamChannel, StreamHandler {

  private static final int DEFAULT_WRITE_QUEUE_MAX = 64 * 1024;

  /** A queued write: the data, its flags, and the promise its write() returned. */
  private record Pending(Buffer data, int flags, Promise<Void> done) {}

  /** The stream; set right after creation, before any write. */
  private ClientStream stream;
  /** Whether the host is reading from the connection (false while the reader is paused). */
  private boolean reading = true;
  private final Deque<Pending> writes = new ArrayDeque<>();
  /** Bytes queued in {@link #writes}. */
  private int queuedBytes;
  private int writeQueueMax = DEFAULT_WRITE_QUEUE_MAX;
  /** Whether the next written piece starts a message. */
  private boolean atMessageStart = true;
  /** Received buffers not yet handed out because the channel is paused. */
  private final Deque<Buffer> received = new ArrayDeque<>();
  /** How many buffers the reader asked for; Long.MAX_VALUE when flowing. */
  private long demand = Long.MAX_VALUE;
  /** The read side has ended (the end handler ran or will run once the queue drains). */
  private boolean ended;
  private boolean endDelivered;
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> drainHandler;
  private Handler<StreamState> stateHandler;

  void bind(ClientStream s) {
    this.stream = s;
  }

  // ------------------------------------------------------------------ StreamHandler

  @Override
  public CallbackResult rx(Buffer payload, int flags) {
    if (StreamFlags.has(flags, StreamFlags.PERF_JSON)) {
      return CallbackResult.OK;
    }
    if (payload.length() > 0) {
      received.add(payload);
      drainReceived();
    }
    return CallbackResult.OK;
  }

  @Override
  public TxResult tx(TxRequest request) {
    Pending p = writes.poll();
    if (p == null) {
      return TxResult.dontSend();
    }
    Buffer data = p.data;
    int flags = p.flags;
    if (data.length() > request.maxLength()) {
      // Split: send what fits now and keep the rest at the head of the queue.
      Buffer rest = data.slice(request.maxLength(), data.length()).copy();
      writes.addFirst(new Pending(rest, flags & ~StreamFlags.SOM, p.done));
      data = data.slice(0, request.maxLength()).copy();
      flags &= ~StreamFlags.EOM;
      queuedBytes -= data.length();
    } else {
      queuedBytes -= data.length();
      p.done.tryComplete();
    }
    if (!writes.isEmpty()) {
      stream.requestTx();
    }
    if (drainHandler != null && queuedBytes <= writeQueueMax / 2) {
      Handler<Void> h = drainHandler;
      drainHandler = null;
      h.handle(null);
    }
    return TxResult.send(data, flags);
  }

  @Override
  public CallbackResult state(StreamState state, long ack) {
    switch (state) {
      case QOS_ACK_REMOTE, DISCONNECTED, DESTROYING -> endOfInput();
      case ALL_RETRIES_FAILED, QOS_NACK_REMOTE, TIMEOUT, AUTH_FAILED -> fail(state, ack);
      default -> { }
    }
    if (stateHandler != null) {
      stateHandler.handle(state);
    }
    return CallbackResult.OK;
  }

  private void endOfInput() {
    if (!ended) {
      ended = true;
      failWrites(null);
      drainReceived();
    }
  }

  private void fail(StreamState state, long ack) {
    StreamFailedException e = new StreamFailedException(stream.streamtype(), state, ack, null);
    failWrites(e);
    if (exceptionHandler != null) {
      exceptionHandler.handle(e);
    }
  }

  private void failWrites(Throwable cause) {
    Pending p;
    while ((p = writes.poll()) != null) {
      p.done.tryFail(cause != null ? cause : new IllegalStateException(stream.tag() + " ended before the write was sent"));
    }
    queuedBytes = 0;
  }

  private void drainReceived() {
    while (demand > 0 && !received.isEmpty()) {
      Buffer b = received.poll();
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      if (dataHandler != null) {
        dataHandler.handle(b);
      }
    }
    // Stop reading from the connection while nothing is consumed; read again once something is.
    boolean wantReading = demand > 0 || received.isEmpty();
    if (wantReading != reading) {
      reading = wantReading;
      stream.rxFlow(wantReading);
    }
    if (ended && received.isEmpty() && !endDelivered) {
      endDelivered = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
    }
  }

  // ------------------------------------------------------------------ StreamChannel

  @Override
  public SecureStream stream() {
    return stream;
  }

  @Override
  public StreamChannel stateHandler(Handler<StreamState> handler) {
    this.stateHandler = handler;
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    int flags = atMessageStart ? StreamFlags.SOM : 0;
    atMessageStart = false;
    return enqueue(data, flags);
  }

  @Override
  public Future<Void> writeMessage(Buffer data) {
    if (!atMessageStart) {
      return Future.failedFuture(new IllegalStateException("a message written with write() is still open: end() it first"));
    }
    return enqueue(data, StreamFlags.SOM | StreamFlags.EOM);
  }

  @Override
  public Future<Void> end() {
    int flags = (atMessageStart ? StreamFlags.SOM : 0) | StreamFlags.EOM;
    atMessageStart = true;
    return enqueue(Buffer.buffer(), flags);
  }

  private Future<Void> enqueue(Buffer data, int flags) {
    if (ended) {
      return Future.failedFuture(new IllegalStateException(stream.tag() + " has ended"));
    }
    Promise<Void> p = Promise.promise();
    writes.add(new Pending(data, flags, p));
    queuedBytes += data.length();
    stream.requestTx();
    return p.future();
  }

  @Override
  public StreamChannel setWriteQueueMaxSize(int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("write queue size must be at least 1, got " + maxSize);
    }
    this.writeQueueMax = maxSize;
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return queuedBytes >= writeQueueMax;
  }

  @Override
  public StreamChannel drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  @Override
  public StreamChannel exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public StreamChannel handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    drainReceived();
    return this;
  }

  @Override
  public StreamChannel pause() {
    demand = 0;
    return this;
  }

  @Override
  public StreamChannel resume() {
    demand = Long.MAX_VALUE;
    drainReceived();
    return this;
  }

  @Override
  public StreamChannel fetch(long amount) {
    if (amount > 0) {
      demand = demand == Long.MAX_VALUE || demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
      drainReceived();
    }
    return this;
  }

  @Override
  public StreamChannel endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }
}
