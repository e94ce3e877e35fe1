package dev.sluice.broker;

import io.vertx.core.json.JsonObject;

/**
 * Configuration of the embedded {@link MqttBrokerVerticle}: the "mqtt-broker" section of
 * runtime.json. Every size is bounded; passwords come from a file, never from runtime.json.
 *
 * <pre>{"host": "127.0.0.1", "port": 1883, "maxPacketSize": 262144, "maxConnections": 10000,
 *  "connectTimeoutMs": 10000, "maxInflight": 20, "maxQueued": 1000, "maxAwaitingRelease": 100,
 *  "maxRetained": 10000, "maxSubscriptionsPerClient": 1000, "maxSessions": 10000, "allowAnonymous": true, "passwordFile": null}</pre>
 */
public final class MqttBrokerOptions {

  private String host = "127.0.0.1";
  /** 0 picks a free port (tests). */
  private int port = 1883;
  /** Largest remaining length accepted; a larger packet is refused from its fixed header. */
  private int maxPacketSize = 256 * 1024;
  private int maxConnections = 10_000;
  /** Time a new connection has to send its CONNECT. */
  private long connectTimeoutMs = 10_000;
  /** QoS 1 and 2 messages sent to one client and not yet acknowledged; more wait in its queue. */
  private int maxInflight = 20;
  /** Messages waiting for one client (online but slow, or offline with a persistent session). */
  private int maxQueued = 1000;
  /** QoS 2 messages from one client awaiting its PUBREL. */
  private int maxAwaitingRelease = 100;
  private int maxRetained = 10_000;
  /** Subscriptions one client may hold; beyond it a SUBSCRIBE gets the failure code 0x80. */
  private int maxSubscriptionsPerClient = 1000;
  /** Sessions kept, online and offline; the oldest offline one goes first. */
  private int maxSessions = 10_000;
  private boolean allowAnonymous = true;
  /** Lines of "user:password"; when set, every client must log in. */
  private String passwordFile;

  public MqttBrokerOptions() {}

  public MqttBrokerOptions(JsonObject json) {
    host = json.getString("host", host);
    port = json.getInteger("port", port);
    maxPacketSize = positive("maxPacketSize", json.getInteger("maxPacketSize", maxPacketSize));
    maxConnections = positive("maxConnections", json.getInteger("maxConnections", maxConnections));
    connectTimeoutMs = positive("connectTimeoutMs", json.getLong("connectTimeoutMs", connectTimeoutMs));
    maxInflight = positive("maxInflight", json.getInteger("maxInflight", maxInflight));
    maxQueued = positive("maxQueued", json.getInteger("maxQueued", maxQueued));
    maxAwaitingRelease = positive("maxAwaitingRelease", json.getInteger("maxAwaitingRelease", maxAwaitingRelease));
    maxRetained = positive("maxRetained", json.getInteger("maxRetained", maxRetained));
    maxSubscriptionsPerClient = positive("maxSubscriptionsPerClient",
        json.getInteger("maxSubscriptionsPerClient", maxSubscriptionsPerClient));
    maxSessions = positive("maxSessions", json.getInteger("maxSessions", maxSessions));
    allowAnonymous = json.getBoolean("allowAnonymous", allowAnonymous);
    passwordFile = json.getString("passwordFile");
    if (maxInflight > 65535) {
      throw new IllegalArgumentException("mqtt-broker.maxInflight must be at most 65535 (packet ids), got "
          + maxInflight);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("mqtt-broker.port must be 0 to 65535, got " + port);
    }
  }

  private static <N extends Number> N positive(String key, N value) {
    if (value.longValue() <= 0) {
      throw new IllegalArgumentException("mqtt-broker." + key + " must be positive, got " + value);
    }
    return value;
  }

  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("maxPacketSize", maxPacketSize)
        .put("maxConnections", maxConnections).put("connectTimeoutMs", connectTimeoutMs).put("maxInflight", maxInflight)
        .put("maxQueued", maxQueued).put("maxAwaitingRelease", maxAwaitingRelease).put("maxRetained", maxRetained)
        .put("maxSubscriptionsPerClient", maxSubscriptionsPerClient)
        .put("maxSessions", maxSessions).put("allowAnonymous", allowAnonymous).put("passwordFile", passwordFile);
  }

  public String getHost() {
    return host;
  }

  public MqttBrokerOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  public MqttBrokerOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public int getMaxPacketSize() {
    return maxPacketSize;
  }

  public MqttBrokerOptions setMaxPacketSize(int v) {
    this.maxPacketSize = positive("maxPacketSize", v);
    return this;
  }

  public int getMaxConnections() {
    return maxConnections;
  }

  public MqttBrokerOptions setMaxConnections(int v) {
    this.maxConnections = positive("maxConnections", v);
    return this;
  }

  public long getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  public MqttBrokerOptions setConnectTimeoutMs(long v) {
    this.connectTimeoutMs = positive("connectTimeoutMs", v);
    return this;
  }

  public int getMaxInflight() {
    return maxInflight;
  }

  public MqttBrokerOptions setMaxInflight(int v) {
    if (v > 65535) {
      throw new IllegalArgumentException("mqtt-broker.maxInflight must be at most 65535 (packet ids), got " + v);
    }
    this.maxInflight = positive("maxInflight", v);
    return this;
  }

  public int getMaxQueued() {
    return maxQueued;
  }

  public MqttBrokerOptions setMaxQueued(int v) {
    this.maxQueued = positive("maxQueued", v);
    return this;
  }

  public int getMaxAwaitingRelease() {
    return maxAwaitingRelease;
  }

  public MqttBrokerOptions setMaxAwaitingRelease(int v) {
    this.maxAwaitingRelease = positive("maxAwaitingRelease", v);
    return this;
  }

  public int getMaxRetained() {
    return maxRetained;
  }

  public MqttBrokerOptions setMaxRetained(int v) {
    this.maxRetained = positive("maxRetained", v);
    return this;
  }

  public int getMaxSubscriptionsPerClient() {
    return maxSubscriptionsPerClient;
  }

  public MqttBrokerOptions setMaxSubscriptionsPerClient(int v) {
    this.maxSubscriptionsPerClient = positive("maxSubscriptionsPerClient", v);
    return this;
  }

  public int getMaxSessions() {
    return maxSessions;
  }

  public MqttBrokerOptions setMaxSessions(int v) {
    this.maxSessions = positive("maxSessions", v);
    return this;
  }

  public boolean isAllowAnonymous() {
    return allowAnonymous;
  }

  public MqttBrokerOptions setAllowAnonymous(boolean v) {
    this.allowAnonymous = v;
    return this;
  }

  public String getPasswordFile() {
    return passwordFile;
  }

  public MqttBrokerOptions setPasswordFile(String v) {
    this.passwordFile = v;
    return this;
  }
}
