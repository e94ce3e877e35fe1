package dev.sluice.runtime;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * A part of Sluice that {@code conf/runtime.json} can deploy, found with {@link
 * java.util.ServiceLoader} so that modules the runtime does not depend on (the display service)
 * can take part. The section of runtime.json named {@link #name()} is its configuration; the
 * section's {@code "enabled": false} leaves it undeployed.
 */
public interface ComponentFactory {

  /** The runtime.json section, e.g. "policy", "mqtt-broker", "display". */
  String name();

  /** Lower deploys earlier; the policy (0) comes before everything that reads it. */
  default int order() {
    return 100;
  }

  /** Whether to deploy when runtime.json has no section of this name. */
  default boolean enabledByDefault() {
    return false;
  }

  /**
   * A new instance of the component, configured from its section (may be empty).
   *
   * @param confDir the directory runtime.json came from; relative file names resolve against it
   */
  Deployable create(JsonObject config, java.nio.file.Path confDir);
}
