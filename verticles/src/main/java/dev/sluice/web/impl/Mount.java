package dev.sluice.web.impl;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** What answers the requests under one mountpoint. Called on the request's event loop. */
interface Mount {

  /** Prepares what the mount needs (resolving its root, loading resources) off the event loop. */
  default Future<Void> open() {
    return Future.succeededFuture();
  }

  /** Bytes of request body the mount accepts; larger bodies get 413 before {@link #handle}. */
  long maxBodyBytes();

  /**
   * Answers {@code req}.
   *
   * @param rest the normalised path below the mountpoint, starting with "/"
   */
  void handle(HttpServerRequest req, String rest);
}
