package dev.sluice.ss.spi;

import dev.sluice.policy.Protocol;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The server hosts deployed in one Vert.x instance, by protocol. Thread-safe. */
public final class ServerRegistry implements Shareable {

  private static final String MAP = "sluice.runtime";
  private static final String KEY = "server-hosts";

  /** The server host of each protocol; absent when none is deployed here. */
  private final Map<Protocol, ServerHost> hosts = new ConcurrentHashMap<>();

  public static ServerRegistry of(Vertx vertx) {
    LocalMap<String, ServerRegistry> map = vertx.sharedData().getLocalMap(MAP);
    ServerRegistry r = map.get(KEY);
    if (r == null) {
      ServerRegistry fresh = new ServerRegistry();
      r = map.putIfAbsent(KEY, fresh);
      if (r == null) {
        r = fresh;
      }
    }
    return r;
  }

  public void register(ServerHost host) {
    for (Protocol p : host.serverProtocols()) {
      ServerHost previous = hosts.putIfAbsent(p, host);
      if (previous != null && previous != host) {
        throw new IllegalStateException("a server host for " + p.policyName() + " is already deployed");
      }
    }
  }

  public void unregister(ServerHost host) {
    hosts.values().removeIf(h -> h == host);
  }

  public Optional<ServerHost> host(Protocol p) {
    return Optional.ofNullable(hosts.get(p));
  }
}
