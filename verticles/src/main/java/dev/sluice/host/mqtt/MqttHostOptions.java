package dev.sluice.host.mqtt;

import io.vertx.core.json.JsonObject;

/**
 * Configuration of the {@link MqttStreamHost}: the "hosts.mqtt" part of runtime.json. Client id,
 * user name and password come from here or from the environment, never from the policy, and are
 * never logged.
 *
 * <pre>{"clientId": null, "clientIdEnv": "SLUICE_MQTT_CLIENT_ID", "usernameEnv": "SLUICE_MQTT_USERNAME",
 *  "passwordEnv": "SLUICE_MQTT_PASSWORD", "passwordFile": null, "maxPacketSize": 1048576,
 *  "connectTimeoutMs": 10000, "maxInflight": 1000}</pre>
 */
public final class MqttHostOptions {

  public static final int DEFAULT_MAX_PACKET_SIZE = 1024 * 1024;
  public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_MAX_INFLIGHT = 1000;
  public static final int DEFAULT_KEEP_ALIVE_SECS = 60;

  /** Fixed client id; null to take it from the environment or make a random one. */
  private String clientId;
  private String clientIdEnv = "SLUICE_MQTT_CLIENT_ID";
  /** Fixed user name; null to take it from the environment (or none). */
  private String username;
  private String usernameEnv = "SLUICE_MQTT_USERNAME";
  private String passwordEnv = "SLUICE_MQTT_PASSWORD";
  /** File holding the password, read when connecting; null to use the environment. */
  private String passwordFile;
  /** Largest packet accepted from a broker, and largest message a stream may publish. */
  private int maxPacketSize = DEFAULT_MAX_PACKET_SIZE;
  private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  /** QoS 1 messages awaiting PUBACK per connection; a stream waits for room beyond this. */
  private int maxInflight = DEFAULT_MAX_INFLIGHT;

  public MqttHostOptions() {}

  public MqttHostOptions(JsonObject json) {
    clientId = json.getString("clientId");
    clientIdEnv = json.getString("clientIdEnv", clientIdEnv);
    username = json.getString("username");
    usernameEnv = json.getString("usernameEnv", usernameEnv);
    passwordEnv = json.getString("passwordEnv", passwordEnv);
    passwordFile = json.getString("passwordFile");
    setMaxPacketSize(json.getInteger("maxPacketSize", maxPacketSize));
    setConnectTimeoutMs(json.getLong("connectTimeoutMs", connectTimeoutMs));
    setMaxInflight(json.getInteger("maxInflight", maxInflight));
  }

  public JsonObject toJson() {
    return new JsonObject().put("clientId", clientId).put("clientIdEnv", clientIdEnv).put("username", username)
        .put("usernameEnv", usernameEnv).put("passwordEnv", passwordEnv).put("passwordFile", passwordFile)
        .put("maxPacketSize", maxPacketSize).put("connectTimeoutMs", connectTimeoutMs).put("maxInflight", maxInflight);
  }

  /** The configured client id, from the options or the environment; null when neither gives one. */
  public String resolveClientId() {
    if (clientId != null && !clientId.isEmpty()) {
      return clientId;
    }
    String env = clientIdEnv == null ? null : System.getenv(clientIdEnv);
    return env == null || env.isEmpty() ? null : env;
  }

  public String resolveUsername() {
    if (username != null) {
      return username;
    }
    String env = usernameEnv == null ? null : System.getenv(usernameEnv);
    return env == null || env.isEmpty() ? null : env;
  }

  public String getPasswordEnv() {
    return passwordEnv;
  }

  public String getPasswordFile() {
    return passwordFile;
  }

  public MqttHostOptions setClientId(String v) {
    clientId = v;
    return this;
  }

  public MqttHostOptions setUsername(String v) {
    username = v;
    return this;
  }

  public MqttHostOptions setPasswordEnv(String v) {
    passwordEnv = v;
    return this;
  }

  public MqttHostOptions setPasswordFile(String v) {
    passwordFile = v;
    return this;
  }

  public int getMaxPacketSize() {
    return maxPacketSize;
  }

  public MqttHostOptions setMaxPacketSize(int v) {
    if (v < 64) {
      throw new IllegalArgumentException("hosts.mqtt.maxPacketSize must be at least 64, got " + v);
    }
    maxPacketSize = v;
    return this;
  }

  public long getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  public MqttHostOptions setConnectTimeoutMs(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("hosts.mqtt.connectTimeoutMs must be at least 1, got " + v);
    }
    connectTimeoutMs = v;
    return this;
  }

  public int getMaxInflight() {
    return maxInflight;
  }

  public MqttHostOptions setMaxInflight(int v) {
    if (v < 1 || v > 65535) {
      throw new IllegalArgumentException("hosts.mqtt.maxInflight must be from 1 to 65535, got " + v);
    }
    maxInflight = v;
    return this;
  }
}
