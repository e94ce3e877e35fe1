package dev.sluice.ss.spi;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ServerRequestDispatcher} of each h1/h2 server streamtype served in one Vert.x
 * instance, by streamtype name. A dispatcher is registered while its streamtype is served and
 * removed when the serving stops. Thread-safe.
 */
public final class ServerDispatchers implements Shareable {

  private static final String MAP = "sluice.runtime";
  private static final String KEY = "server-dispatchers";

  /** The dispatcher of each streamtype being served. */
  private final Map<String, ServerRequestDispatcher> dispatchers = new ConcurrentHashMap<>();

  public static ServerDispatchers of(Vertx vertx) {
    LocalMap<String, ServerDispatchers> map = vertx.sharedData().getLocalMap(MAP);
    ServerDispatchers d = map.get(KEY);
    if (d == null) {
      ServerDispatchers fresh = new ServerDispatchers();
      d = map.putIfAbsent(KEY, fresh);
      if (d == null) {
        d = fresh;
      }
    }
    return d;
  }

  /**
   * Registers the dispatcher of a streamtype being served.
   *
   * @throws IllegalStateException when the streamtype is already served in this Vert.x instance
   */
  public void register(ServerRequestDispatcher dispatcher) {
    ServerRequestDispatcher previous = dispatchers.putIfAbsent(dispatcher.streamtype(), dispatcher);
    if (previous != null && previous != dispatcher) {
      throw new IllegalStateException("server streamtype \"" + dispatcher.streamtype()
          + "\" is already served in this Vert.x instance");
    }
  }

  /** Removes {@code dispatcher} if it is the one registered for its streamtype. */
  public void unregister(ServerRequestDispatcher dispatcher) {
    dispatchers.remove(dispatcher.streamtype(), dispatcher);
  }

  /** The dispatcher of a streamtype being served, or empty. */
  public Optional<ServerRequestDispatcher> dispatcher(String streamtype) {
    return Optional.ofNullable(dispatchers.get(streamtype));
  }
}
