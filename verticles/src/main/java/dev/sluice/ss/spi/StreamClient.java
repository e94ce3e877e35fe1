package dev.sluice.ss.spi;

import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import io.vertx.core.buffer.Buffer;

/**
 * What a host tells the client side of a stream (host → client frames: State, Payload, RequestTx,
 * Metadata). In one JVM these are plain calls on the stream's context; across nodes each becomes a
 * frame. Implementations never throw.
 */
public interface StreamClient {

  /** A state change, already checked against the legal-transition table by the host. */
  void onState(StreamState state, long ack);

  /** Received payload. */
  void onRx(Buffer payload, int flags);

  /**
   * The host can send: the client answers with {@link HostedStream#tx} or {@link
   * HostedStream#txNone} (at once in one JVM, later across nodes).
   */
  void onTxReady(TxRequest request);

  /** A response header bound to a metadata name arrived (delivered before the state that follows). */
  void onRxMetadata(String name, String value);
}
