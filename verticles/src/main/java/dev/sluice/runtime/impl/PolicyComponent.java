package dev.sluice.runtime.impl;

import dev.sluice.runtime.ComponentFactory;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Deploys the {@link PolicyVerticle} from the "policy" section; always first, always on. */
public final class PolicyComponent implements ComponentFactory {

  @Override
  public String name() {
    return "policy";
  }

  @Override
  public int order() {
    return 0;
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Deployable create(JsonObject config, Path confDir) {
    PolicyOptions options = new PolicyOptions(config);
    Path file = Path.of(options.getFile());
    if (!file.isAbsolute() && confDir != null) {
      options.setFile(confDir.resolve(file).normalize().toString());
    }
    return new PolicyVerticle(options);
  }
}
