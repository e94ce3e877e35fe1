package dev.sluice.host;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * A stream host the "hosts" section of runtime.json can deploy, found with {@link
 * java.util.ServiceLoader}: {@code "hosts": {"http": {...}, "ws": {...}}} configures the host named
 * {@link #name()}; {@code "enabled": false} in its part leaves it out.
 */
public interface StreamHostFactory {

  /** The key under "hosts": "http", "ws", "mqtt", "raw". */
  String name();

  Deployable create(JsonObject config);
}
