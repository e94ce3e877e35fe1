package dev.sluice.display;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The {@code "display"} section of runtime.json.
 *
 * <pre>
 * "display": {
 *   "panels": "panels.json",          // relative to the conf directory; absent: the built-in set
 *   "address": "sluice.display.render",
 *   "http": {"host": "127.0.0.1", "port": 8089},   // absent: no HTTP server
 *   "maxConcurrent": 2,               // renders at once; more are answered "busy"
 *   "limits": { ... }                 // see DisplayLimits
 * }
 * </pre>
 */
public record DisplayOptions(Path panelsFile, String address, String httpHost, int httpPort, int maxConcurrent,
    DisplayLimits limits) {

  public static final String DEFAULT_ADDRESS = "sluice.display.render";

  public static DisplayOptions fromJson(JsonObject j, Path confDir) {
    JsonObject c = j == null ? new JsonObject() : j;
    Path panels = null;
    if (c.getString("panels") != null) {
      Path p = Path.of(c.getString("panels"));
      panels = p.isAbsolute() || confDir == null ? p : confDir.resolve(p);
    }
    JsonObject http = c.getJsonObject("http");
    DisplayLimits limits = DisplayLimits.fromJson(c.getJsonObject("limits"));
    if (limits.allowLocalFiles()) {
      throw new IllegalArgumentException("display.limits.allowLocalFiles: the service never reads local files"
          + " (only the render command may)");
    }
    return new DisplayOptions(panels, c.getString("address", DEFAULT_ADDRESS),
        http == null ? null : http.getString("host", "127.0.0.1"),
        http == null ? -1 : http.getInteger("port", 8089),
        c.getInteger("maxConcurrent", 2), limits);
  }

  /** The panels this configuration names (or the built-in set). */
  public Panels panels() {
    return panelsFile == null ? Panels.builtIn() : Panels.load(panelsFile);
  }
}
