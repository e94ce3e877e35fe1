package dev.sluice.proxy.impl;

import dev.sluice.proxy.SsProxyOptions;
import dev.sluice.proxy.SsProxyVerticle;
import dev.sluice.runtime.ComponentFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Deploys the SS proxy from runtime.json's "proxy" section, after the hosts its onward streams
 * need. The embedded runtime.json leaves it disabled; {@code sluice proxy} enables it.
 */
public final class ProxyComponent implements ComponentFactory {

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public int order() {
    return 40;
  }

  @Override
  public Deployable create(JsonObject config, Path confDir) {
    return new SsProxyVerticle(new SsProxyOptions(config));
  }
}
