package dev.sluice.proxy;

import io.vertx.core.json.JsonObject;

/**
 * Where the SS proxy listens, and its limits. Read from runtime.json's {@code "proxy"} section.
 * A listener whose value is null (or port -1) is off; at least one must be on.
 */
public final class SsProxyOptions {

  /** lws's default: the abstract Unix socket {@code @proxy.ss.lws}. */
  public static final String DEFAULT_UDS = "@proxy.ss.lws";
  public static final String DEFAULT_TCP_HOST = "127.0.0.1";
  public static final String DEFAULT_WS_PATH = "/ss";
  /** lws allows 3 s for STREAMTYPE ({@code PENDING_TIMEOUT_AWAITING_CLIENT_HS_SEND}). */
  public static final long DEFAULT_INITIAL_TX_TIMEOUT_MS = 3000;
  public static final int DEFAULT_MAX_LINKS = 20000;

  /** A socket path, or {@code @name} in Linux's abstract namespace; null: no Unix socket. */
  private String uds = DEFAULT_UDS;
  private String tcpHost = DEFAULT_TCP_HOST;
  /** TCP port; -1: no TCP listener, 0: any free port. */
  private int tcpPort = -1;
  /** HTTP port of the WebSocket listener; -1: none, 0: any free port. */
  private int wsPort = -1;
  private String wsPath = DEFAULT_WS_PATH;
  private long initialTxTimeoutMs = DEFAULT_INITIAL_TX_TIMEOUT_MS;
  /** Accepted links open at once; more are closed at accept. */
  private int maxLinks = DEFAULT_MAX_LINKS;
  /** Whether links come only through {@code servePipe} (sluice proxy --stdio): no listener needed. */
  private boolean pipeOnly;

  public SsProxyOptions() {
  }

  public SsProxyOptions(SsProxyOptions other) {
    this.uds = other.uds;
    this.tcpHost = other.tcpHost;
    this.tcpPort = other.tcpPort;
    this.wsPort = other.wsPort;
    this.wsPath = other.wsPath;
    this.initialTxTimeoutMs = other.initialTxTimeoutMs;
    this.maxLinks = other.maxLinks;
    this.pipeOnly = other.pipeOnly;
  }

  /** From runtime.json; unknown keys are refused with their names. */
  public SsProxyOptions(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!java.util.Set.of("enabled", "uds", "tcpHost", "tcpPort", "wsPort", "wsPath",
          "initialTxTimeoutMs", "maxLinks").contains(key)) {
        throw new IllegalArgumentException("unknown key \"" + key + "\" (known: uds, tcpHost, "
            + "tcpPort, wsPort, wsPath, initialTxTimeoutMs, maxLinks)");
      }
    }
    setUds(json.containsKey("uds") ? json.getString("uds") : DEFAULT_UDS);
    setTcpHost(json.getString("tcpHost", DEFAULT_TCP_HOST));
    setTcpPort(json.getInteger("tcpPort", -1));
    setWsPort(json.getInteger("wsPort", -1));
    setWsPath(json.getString("wsPath", DEFAULT_WS_PATH));
    setInitialTxTimeoutMs(json.getLong("initialTxTimeoutMs", DEFAULT_INITIAL_TX_TIMEOUT_MS));
    setMaxLinks(json.getInteger("maxLinks", DEFAULT_MAX_LINKS));
  }

  public JsonObject toJson() {
    return new JsonObject().put("uds", uds).put("tcpHost", tcpHost).put("tcpPort", tcpPort)
        .put("wsPort", wsPort).put("wsPath", wsPath).put("initialTxTimeoutMs", initialTxTimeoutMs)
        .put("maxLinks", maxLinks);
  }

  public String getUds() {
    return uds;
  }

  /** A path, {@code @name} (abstract namespace, needs the epoll transport), or null for none. */
  public SsProxyOptions setUds(String value) {
    if (value != null && (value.isEmpty() || value.equals("@"))) {
      throw new IllegalArgumentException("uds \"" + value + "\" names no socket");
    }
    this.uds = value;
    return this;
  }

  public String getTcpHost() {
    return tcpHost;
  }

  public SsProxyOptions setTcpHost(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("tcpHost must not be empty");
    }
    this.tcpHost = value;
    return this;
  }

  public int getTcpPort() {
    return tcpPort;
  }

  public SsProxyOptions setTcpPort(int value) {
    this.tcpPort = port("tcpPort", value);
    return this;
  }

  public int getWsPort() {
    return wsPort;
  }

  public SsProxyOptions setWsPort(int value) {
    this.wsPort = port("wsPort", value);
    return this;
  }

  public String getWsPath() {
    return wsPath;
  }

  public SsProxyOptions setWsPath(String value) {
    if (value == null || !value.startsWith("/")) {
      throw new IllegalArgumentException("wsPath \"" + value + "\" must start with /");
    }
    this.wsPath = value;
    return this;
  }

  public long getInitialTxTimeoutMs() {
    return initialTxTimeoutMs;
  }

  public SsProxyOptions setInitialTxTimeoutMs(long value) {
    if (value < 1) {
      throw new IllegalArgumentException("initialTxTimeoutMs " + value + " must be at least 1");
    }
    this.initialTxTimeoutMs = value;
    return this;
  }

  public int getMaxLinks() {
    return maxLinks;
  }

  public SsProxyOptions setMaxLinks(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxLinks " + value + " must be at least 1");
    }
    this.maxLinks = value;
    return this;
  }

  public boolean isPipeOnly() {
    return pipeOnly;
  }

  /** Serve only pipes handed to {@code SsProxyVerticle.servePipe}; then no listener is needed. */
  public SsProxyOptions setPipeOnly(boolean value) {
    this.pipeOnly = value;
    return this;
  }

  /** Whether the Unix socket is in the abstract namespace (only the epoll transport binds it). */
  public boolean isAbstractUds() {
    return uds != null && uds.startsWith("@");
  }

  private static int port(String name, int value) {
    if (value < -1 || value > 65535) {
      throw new IllegalArgumentException(name + " " + value + " must be -1 (off) or 0 to 65535");
    }
    return value;
  }
}
