package dev.sluice.sss;

/** Which way a serialized-SS frame travels; each direction has its own set of type bytes. */
public enum SssDirection {
  /** Client to proxy: type bytes 0xAA to 0xB3 (lws calls them TXPRE). */
  CLIENT_TO_PROXY("client-to-proxy"),
  /** Proxy to client: type bytes 0x55 to 0x5B (lws calls them RXPRE). */
  PROXY_TO_CLIENT("proxy-to-client");

  private final String label;

  SssDirection(String label) {
    this.label = label;
  }

  /** The other direction. */
  public SssDirection reverse() {
    return this == CLIENT_TO_PROXY ? PROXY_TO_CLIENT : CLIENT_TO_PROXY;
  }

  @Override
  public String toString() {
    return label;
  }
}
