package dev.sluice.ss;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * A stream as Vert.x streams, for pipes and back-pressure: what arrives is read as buffers, what is
 * written is sent as one message whose end is {@link #end()}. Pausing stops reading from the
 * connection; a full write queue says so through {@link #writeQueueFull()} and the drain handler.
 * The read side ends when the transaction completes or the connection closes; a failure state
 * (ALL_RETRIES_FAILED, QOS_NACK_REMOTE, TIMEOUT...) reaches the exception handler as a
 * {@link StreamFailedException}.
 */
public interface StreamChannel extends ReadStream<Buffer>, WriteStream<Buffer> {

  /** The underlying stream, for metadata, states and destroy. */
  SecureStream stream();

  /** Every state the stream reports, after the channel's own handling. */
  StreamChannel stateHandler(Handler<StreamState> handler);

  /** Writes {@code data} as a whole message (SOM and EOM): one ws message, one MQTT publish. */
  Future<Void> writeMessage(Buffer data);

  @Override
  StreamChannel exceptionHandler(Handler<Throwable> handler);

  @Override
  StreamChannel handler(Handler<Buffer> handler);

  @Override
  StreamChannel pause();

  @Override
  StreamChannel resume();

  @Override
  StreamChannel fetch(long amount);

  @Override
  StreamChannel endHandler(Handler<Void> endHandler);

  @Override
  StreamChannel setWriteQueueMaxSize(int maxSize);

  @Override
  StreamChannel drainHandler(Handler<Void> handler);
}
