package dev.sluice.ss.spi;

import dev.sluice.policy.Protocol;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The stream hosts deployed in one Vert.x instance, by protocol. Thread-safe. */
public final class HostRegistry implements Shareable {

  private static final String MAP = "sluice.runtime";
  private static final String KEY = "hosts";

  /** The host of each protocol; absent when no host for it is deployed here. */
  private final Map<Protocol, StreamHost> hosts = new ConcurrentHashMap<>();

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
      StreamHost previous = hosts.putIfAbsent(p, host);
      if (previous != null && previous != host) {
        throw new IllegalStateException("a host for " + p.policyName() + " is already deployed");
      }
    }
  }

  public void unregister(StreamHost host) {
    hosts.values().removeIf(h -> h == host);
  }

  public Optional<StreamHost> host(Protocol p) {
    return Optional.ofNullable(hosts.get(p));
  }
}
