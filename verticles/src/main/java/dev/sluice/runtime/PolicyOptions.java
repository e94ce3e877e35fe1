package dev.sluice.runtime;

import dev.sluice.policy.PolicyLimits;
import io.vertx.core.json.JsonObject;

/**
 * Configuration of the {@link PolicyVerticle}: the "policy" section of {@code conf/runtime.json}.
 *
 * <pre>{"file": "policy.json", "watch": true, "watchIntervalMs": 1000, "maxBytes": 1048576, "maxDepth": 32}</pre>
 */
public final class PolicyOptions {

  public static final String DEFAULT_FILE = "policy.json";
  public static final boolean DEFAULT_WATCH = true;
  public static final long DEFAULT_WATCH_INTERVAL_MS = 1000;

  /** The policy file; relative paths are resolved against the conf directory by the launcher. */
  private String file = DEFAULT_FILE;
  /** Whether to reload when the file changes. */
  private boolean watch = DEFAULT_WATCH;
  /** How often the file is checked for a change. */
  private long watchIntervalMs = DEFAULT_WATCH_INTERVAL_MS;
  /** Size limit of a policy, in bytes. */
  private int maxBytes = PolicyLimits.DEFAULT_MAX_BYTES;
  /** Nesting limit of a policy. */
  private int maxDepth = PolicyLimits.DEFAULT_MAX_DEPTH;

  public PolicyOptions() {}

  public PolicyOptions(PolicyOptions other) {
    this.file = other.file;
    this.watch = other.watch;
    this.watchIntervalMs = other.watchIntervalMs;
    this.maxBytes = other.maxBytes;
    this.maxDepth = other.maxDepth;
  }

  public PolicyOptions(JsonObject json) {
    this();
    setFile(json.getString("file", file));
    setWatch(json.getBoolean("watch", watch));
    setWatchIntervalMs(json.getLong("watchIntervalMs", watchIntervalMs));
    setMaxBytes(json.getInteger("maxBytes", maxBytes));
    setMaxDepth(json.getInteger("maxDepth", maxDepth));
  }

  public JsonObject toJson() {
    return new JsonObject().put("file", file).put("watch", watch).put("watchIntervalMs", watchIntervalMs)
        .put("maxBytes", maxBytes).put("maxDepth", maxDepth);
  }

  public String getFile() {
    return file;
  }

  public PolicyOptions setFile(String file) {
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException("policy.file must name a file");
    }
    this.file = file;
    return this;
  }

  public boolean isWatch() {
    return watch;
  }

  public PolicyOptions setWatch(boolean watch) {
    this.watch = watch;
    return this;
  }

  public long getWatchIntervalMs() {
    return watchIntervalMs;
  }

  public PolicyOptions setWatchIntervalMs(long ms) {
    if (ms < 10) {
      throw new IllegalArgumentException("policy.watchIntervalMs must be at least 10, got " + ms);
    }
    this.watchIntervalMs = ms;
    return this;
  }

  public int getMaxBytes() {
    return maxBytes;
  }

  public PolicyOptions setMaxBytes(int maxBytes) {
    this.maxBytes = maxBytes;
    limits(); // validates
    return this;
  }

  public int getMaxDepth() {
    return maxDepth;
  }

  public PolicyOptions setMaxDepth(int maxDepth) {
    this.maxDepth = maxDepth;
    limits();
    return this;
  }

  public PolicyLimits limits() {
    try {
      return new PolicyLimits(maxBytes, maxDepth);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy." + e.getMessage(), e);
    }
  }
}
