package dev.sluice.ss;

import io.vertx.core.buffer.Buffer;

/**
 * The application's side of a stream: received payloads, send opportunities and state changes.
 * All three are called on the event loop of the connection that carries the stream (for a client
 * stream, the context that created it), one at a time, never concurrently.
 *
 * <p>Every method has a default, so a handler implements only what it uses.
 */
public interface StreamHandler {

  /**
   * A piece of payload arrived. {@link StreamFlags#SOM} marks the first piece of a message,
   * {@link StreamFlags#EOM} the last. The buffer is the handler's to keep.
   */
  default CallbackResult rx(Buffer payload, int flags) {
    return CallbackResult.OK;
  }

  /** The stream can send, because {@code requestTx()} was called: answer with a payload or not. */
  default TxResult tx(TxRequest request) {
    return TxResult.dontSend();
  }

  /**
   * The stream changed state. {@code ack} is state-specific: for {@link StreamState#USER} the
   * {@code http_resp_map} number, for {@link StreamState#UNREACHABLE} 1 when the name did not
   * resolve, for QOS states the peer's status where there is one, otherwise 0.
   */
  default CallbackResult state(StreamState state, long ack) {
    return CallbackResult.OK;
  }
}
