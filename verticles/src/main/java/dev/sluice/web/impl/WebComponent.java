package dev.sluice.web.impl;

import dev.sluice.runtime.ComponentFactory;
import dev.sluice.web.WebServerOptions;
import dev.sluice.web.WebServerVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Deploys the web server from runtime.json's "web" section, after the policy and the stream hosts
 * (its echo streamtypes and stream mounts need both). Off without a section: it binds ports.
 */
public final class WebComponent implements ComponentFactory {

  @Override
  public String name() {
    return "web";
  }

  @Override
  public int order() {
    return 30;
  }

  @Override
  public Deployable create(JsonObject config, Path confDir) {
    return new WebServerVerticle(WebServerOptions.fromJson(config, confDir));
  }
}
