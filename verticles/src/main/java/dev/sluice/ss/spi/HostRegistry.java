package dev.sluice.ss.spi;

import dev.sluice.policy.Protocol;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The stream hosts deployed in one Vert.x instance, by protocol. Thread-safe. */
public final class HostRegistry implements Shareable {

  private static final String MAP = "sluice.runtime";
  private static final String KEY = "hosts";

  /**
   * The host of each protocol by ordinal; null when no host for it is deployed here. An array
   * rather than a map: it is read once per stream created (once per HTTP request).
   */
  private final AtomicReferenceArray<StreamHost> hosts = new AtomicReferenceArray<>(Protocol.values().length);

  public static HostRegistry of(Vertx vertx) {
    LocalMap<String, HostRegistry> map = vertx.sharedData().getLocalMap(MAP);
    HostRegistry r = map.get(KEY);
    if (r == null) {
      HostRegistry fresh = new HostRegistry();
      r = map.putIfAbsent(KEY, fresh);
      if (r == null) {
        r = fresh;
      }
    }
    return r;
  }

  public void register(StreamHost host) {
    for (Protocol p : host.protocols()) {
      if (!hosts.compareAndSet(p.ordinal(), null, host) && hosts.get(p.ordinal()) != host) {
        throw new IllegalStateException("a host for " + p.policyName() + " is already deployed");
      }
    }
  }

  public void unregister(StreamHost host) {
    for (int i = 0; i < hosts.length(); i++) {
      hosts.compareAndSet(i, host, null);
    }
  }

  public Optional<StreamHost> host(Protocol p) {
    return Optional.ofNullable(hosts.get(p.ordinal()));
  }
}
