package dev.sluice.ss.spi;

import dev.sluice.ss.StreamServer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** The listeners a {@link ServerHost} started, so it can close them when it stops. Thread-safe. */
public final class ServedListeners {

  /** Listeners started and not yet closed by the host. */
  private final List<StreamServer> listeners = new ArrayList<>();

  /** Remembers the listener {@code started} gives, if it starts; returns {@code started}. */
  public Future<StreamServer> track(Future<StreamServer> started) {
    return started.onSuccess(l -> {
      synchronized (listeners) {
        listeners.add(l);
      }
    });
  }

  /** Closes every listener tracked (a listener closed before is closed again, which is harmless). */
  public Future<Void> closeAll() {
    List<Future<Void>> all = new ArrayList<>();
    synchronized (listeners) {
      listeners.forEach(l -> all.add(l.close()));
      listeners.clear();
    }
    return Future.join(all).mapEmpty();
  }
}
