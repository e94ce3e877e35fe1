package dev.sluice.host;

import dev.sluice.runtime.Describable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Deploys every stream host on the class path (h1/h2, ws, MQTT, raw) as child verticles, each with
 * its part of the "hosts" section; they are undeployed with this verticle.
 */
public final class StreamHostsVerticle extends VerticleBase implements Describable {

  private final JsonObject config;
  /** Names of the hosts deployed, for the summary. */
  private final List<String> deployed = new ArrayList<>();

  public StreamHostsVerticle(JsonObject config) {
    this.config = config.copy();
  }

  @Override
  public Future<?> start() {
    List<Future<String>> all = new ArrayList<>();
    for (StreamHostFactory f : ServiceLoader.load(StreamHostFactory.class)) {
      JsonObject part = config.getJsonObject(f.name(), new JsonObject());
      if (part.getBoolean("enabled", true)) {
        deployed.add(f.name());
        all.add(vertx.deployVerticle(f.create(part)));
      }
    }
    return Future.all(all).compose(v -> offerToCluster());
  }

  /** On a clustered node, lets the other nodes create streams on these hosts (one endpoint per event loop). */
  private Future<?> offerToCluster() {
    if (!vertx.isClustered()) {
      return Future.succeededFuture();
    }
    java.util.Set<dev.sluice.policy.Protocol> offered = java.util.EnumSet.noneOf(dev.sluice.policy.Protocol.class);
    for (dev.sluice.policy.Protocol p : dev.sluice.policy.Protocol.values()) {
      if (dev.sluice.ss.spi.HostRegistry.of(vertx).host(p).isPresent()) {
        offered.add(p);
      }
    }
    if (offered.isEmpty()) {
      return Future.succeededFuture();
    }
    int loops = 2 * Runtime.getRuntime().availableProcessors();
    return vertx.deployVerticle(() -> new dev.sluice.cluster.RemoteHostEndpoint(offered),
        new io.vertx.core.DeploymentOptions().setInstances(loops));
  }

  @Override
  public List<String> describe() {
    return List.of("stream hosts  " + String.join(", ", deployed));
  }
}
