package dev.sluice.cli;

import dev.sluice.display.DisplayOptions;
import dev.sluice.display.DisplayVerticle;
import dev.sluice.runtime.ComponentFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Deploys the display service from runtime.json's "display" section. It lives here rather than in
 * display-service because {@link ComponentFactory} belongs to the runtime (verticles), which the
 * display service does not depend on; the CLI depends on both.
 */
public final class DisplayComponent implements ComponentFactory {

  @Override
  public String name() {
    return "display";
  }

  @Override
  public int order() {
    return 30;
  }

  @Override
  public Deployable create(JsonObject config, Path confDir) {
    JsonObject c = config.copy();
    if (c.getString("panels") == null && confDir != null && confDir.resolve("panels.json").toFile().isFile()) {
      c.put("panels", "panels.json");
    }
    return new DisplayVerticle(DisplayOptions.fromJson(c, confDir));
  }
}
