package dev.sluice.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Optional;

/**
 * Runs an HTTP request that a {@code "type": "stream"} mount received as an accepted stream of a
 * server streamtype (SERVER_TXN, ack/nack, tx as the body). The HTTP server-stream host registers
 * one with {@link #register}; until one is registered a stream mount answers 503 and says why.
 */
public interface ServerStreamDispatcher {

  /**
   * Hands {@code request} to {@code streamtype}'s handler, which answers it. Called on the request's
   * context, before any of its body has been read.
   *
   * @param pathInMount the request path below the mountpoint, normalised, starting with "/"
   * @return completes when the request is handed over; fails (without having answered) when the
   *     streamtype cannot take it, e.g. it is not a server streamtype of the active policy
   */
  Future<Void> dispatch(String streamtype, HttpServerRequest request, String pathInMount);

  /** Makes {@code dispatcher} the one stream mounts of this Vert.x instance use. */
  static void register(Vertx vertx, ServerStreamDispatcher dispatcher) {
    if (map(vertx).put(Holder.KEY, new Holder(dispatcher)) == null) {
      Holder.REGISTERED.incrementAndGet();
    }
  }

  /** Removes {@code dispatcher} if it is the registered one. */
  static void unregister(Vertx vertx, ServerStreamDispatcher dispatcher) {
    if (map(vertx).removeIfPresent(Holder.KEY, new Holder(dispatcher))) {
      Holder.REGISTERED.decrementAndGet();
    }
  }

  /** The registered dispatcher, if any. */
  static Optional<ServerStreamDispatcher> lookup(Vertx vertx) {
    if (Holder.REGISTERED.get() == 0) {
      return Optional.empty(); // the usual case, asked on every request of a stream mount
    }
    Holder h = map(vertx).get(Holder.KEY);
    return Optional.ofNullable(h == null ? null : h.dispatcher());
  }

  private static LocalMap<String, Holder> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap("sluice.web");
  }

  /** The local-map entry (local maps take only Shareable values). */
  record Holder(ServerStreamDispatcher dispatcher) implements Shareable {
    static final String KEY = "server-stream-dispatcher";
    /** Vert.x instances of this JVM with a dispatcher registered. */
    static final java.util.concurrent.atomic.AtomicInteger REGISTERED = new java.util.concurrent.atomic.AtomicInteger();
  }
}
