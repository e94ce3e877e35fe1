package dev.sluice.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the verticles of one Vert.x instance find the active policy without a bus round trip:
 * creating a stream reads it from here on the creator's thread. The PolicyVerticle is the only
 * writer; the swap is atomic, so a reader sees the old or the new policy, never a mix.
 */
public final class PolicyHolder implements Shareable {

  private static final String MAP = "sluice.runtime";
  private static final String KEY = "policy";

  /** The policy in force; null until the PolicyVerticle has loaded one. */
  private final AtomicReference<ActivePolicy> active = new AtomicReference<>();

  /** The holder of this Vert.x instance, created on first use. */
  public static PolicyHolder of(Vertx vertx) {
    LocalMap<String, PolicyHolder> map = vertx.sharedData().getLocalMap(MAP);
    PolicyHolder h = map.get(KEY);
    if (h == null) {
      PolicyHolder fresh = new PolicyHolder();
      h = map.putIfAbsent(KEY, fresh);
      if (h == null) {
        h = fresh;
      }
    }
    return h;
  }

  public Optional<ActivePolicy> current() {
    return Optional.ofNullable(active.get());
  }

  /** The active policy; fails clearly when none is loaded (the PolicyVerticle is not deployed). */
  public ActivePolicy require() {
    ActivePolicy p = active.get();
    if (p == null) {
      throw new IllegalStateException("no policy is loaded: deploy the PolicyVerticle first");
    }
    return p;
  }

  void set(ActivePolicy p) {
    active.set(p);
  }
}
