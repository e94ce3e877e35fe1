package dev.sluice.runtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The "cluster" section of runtime.json: whether this node joins a cluster, and how. Hazelcast with
 * TCP-IP join (no multicast, which this kind of network rarely has).
 *
 * <pre>{"enabled": false, "name": "sluice", "host": "127.0.0.1", "port": 5701, "portCount": 20,
 *  "members": ["127.0.0.1"], "eventBusHost": "127.0.0.1", "eventBusPort": 0, "joinSeconds": 5}</pre>
 */
public final class ClusterOptions {

  public static final String DEFAULT_NAME = "sluice";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_PORT_COUNT = 20;
  public static final int DEFAULT_JOIN_SECONDS = 5;

  /** Whether to start clustered. */
  private boolean enabled;
  /** Cluster name: nodes join only clusters of the same name. */
  private String name = DEFAULT_NAME;
  /** Interface Hazelcast binds to and announces. */
  private String host = DEFAULT_HOST;
  /** First Hazelcast port tried; the next {@link #portCount} are tried if it is taken. */
  private int port = DEFAULT_PORT;
  private int portCount = DEFAULT_PORT_COUNT;
  /** Where to look for other members: hosts (every port of the range) or host:port. */
  private List<String> members = new ArrayList<>(List.of(DEFAULT_HOST));
  /** Event-bus TCP endpoint of this node; port 0 picks a free one. */
  private String eventBusHost = DEFAULT_HOST;
  private int eventBusPort;
  /** Longest wait for the join, in seconds. */
  private int joinSeconds = DEFAULT_JOIN_SECONDS;

  public ClusterOptions() {}

  public ClusterOptions(JsonObject json) {
    enabled = json.getBoolean("enabled", false);
    name = json.getString("name", name);
    host = json.getString("host", host);
    setPort(json.getInteger("port", port));
    portCount = json.getInteger("portCount", portCount);
    JsonArray m = json.getJsonArray("members");
    if (m != null) {
      members = new ArrayList<>();
      m.forEach(x -> members.add(x.toString()));
    }
    eventBusHost = json.getString("eventBusHost", eventBusHost);
    eventBusPort = json.getInteger("eventBusPort", eventBusPort);
    joinSeconds = json.getInteger("joinSeconds", joinSeconds);
    if (name.isBlank()) {
      throw new IllegalArgumentException("cluster.name must not be empty");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("name", name).put("host", host).put("port", port)
        .put("portCount", portCount).put("members", new JsonArray(new ArrayList<>(members)))
        .put("eventBusHost", eventBusHost).put("eventBusPort", eventBusPort).put("joinSeconds", joinSeconds);
  }

  public boolean isEnabled() {
    return enabled;
  }

  public ClusterOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public String getName() {
    return name;
  }

  public ClusterOptions setName(String name) {
    this.name = name;
    return this;
  }

  public String getHost() {
    return host;
  }

  public ClusterOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  public ClusterOptions setPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cluster.port must be from 1 to 65535, got " + port);
    }
    this.port = port;
    return this;
  }

  public int getPortCount() {
    return portCount;
  }

  public List<String> getMembers() {
    return List.copyOf(members);
  }

  public ClusterOptions setMembers(List<String> members) {
    this.members = new ArrayList<>(members);
    return this;
  }

  public String getEventBusHost() {
    return eventBusHost;
  }

  public int getEventBusPort() {
    return eventBusPort;
  }

  public int getJoinSeconds() {
    return joinSeconds;
  }
}
