package dev.sluice.host.raw;

import dev.sluice.host.StreamHostFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/** "hosts.raw": the raw TCP stream host ({@code connectTimeoutMs}, default 10000). */
public final class RawHostFactory implements StreamHostFactory {

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public Deployable create(JsonObject config) {
    return new RawStreamHost(config.getInteger("connectTimeoutMs", RawStreamHost.DEFAULT_CONNECT_TIMEOUT_MS));
  }
}
