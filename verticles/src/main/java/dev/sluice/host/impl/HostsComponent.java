package dev.sluice.host.impl;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.ComponentFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Deploys the stream hosts from the "hosts" section of runtime.json; on by default. */
public final class HostsComponent implements ComponentFactory {

  @Override
  public String name() {
    return "hosts";
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Deployable create(JsonObject config, Path confDir) {
    return new StreamHostsVerticle(config);
  }
}
