package dev.sluice.ss;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A server streamtype being served: its listener and the streams it has accepted. Methods may be
 * called from any thread.
 */
public interface StreamServer {

  String streamtype();

  /** The port the listener is bound to (useful with {@code "port": 0}); -1 for a Unix socket. */
  int actualPort();

  /** How many accepted streams are open now. */
  int streams();

  /**
   * Sends {@code payload} to every accepted stream that can take it (ws clients, raw
   * connections), each on its own event loop. Completes when every send was handed to its
   * connection.
   */
  Future<Void> broadcast(Buffer payload, int flags);

  /** Stops listening and closes the accepted streams (each reports DISCONNECTED, then DESTROYING). */
  Future<Void> close();
}
