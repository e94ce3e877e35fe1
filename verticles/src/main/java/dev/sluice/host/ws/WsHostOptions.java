package dev.sluice.host.ws;

import dev.sluice.host.ws.impl.WsLimits;
import io.vertx.core.json.JsonObject;

/**
 * Configuration of the {@link WsStreamHost}: the "hosts.ws" part of {@code conf/runtime.json}. The
 * same limits apply to client streams, to the ws listener and to ws upgrades of the HTTP listener.
 *
 * <pre>{"maxFrameSize": 65536, "maxMessageSize": 262144, "handshakeTimeoutMs": 10000,
 *  "connectTimeoutMs": 10000, "closeTimeoutSecs": 5, "maxConnectionsPerEndpoint": 256,
 *  "maxQueuedBroadcasts": 64}</pre>
 */
public final class WsHostOptions {

  public static final int DEFAULT_MAX_FRAME_SIZE = 65536;
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 262144;
  public static final long DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_CLOSE_TIMEOUT_SECS = 5;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ENDPOINT = 256;
  public static final int DEFAULT_MAX_QUEUED_BROADCASTS = 64;

  /** Largest frame payload accepted (bytes); a bigger one closes the connection with 1009. */
  private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  /** Largest message accepted, all fragments together (bytes); bigger closes with 1009. */
  private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  /**
   * Client: the upgrade must complete within this time or the stream reports TIMEOUT. Server: a
   * connection must present its upgrade request within this time or it is dropped.
   */
  private long handshakeTimeoutMs = DEFAULT_HANDSHAKE_TIMEOUT_MS;
  /** Client: TCP (and TLS) connect timeout. */
  private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  /** After sending a close frame, how long to wait for the peer's before dropping the connection. */
  private int closeTimeoutSecs = DEFAULT_CLOSE_TIMEOUT_SECS;
  /** Client: concurrent ws connections to one endpoint; more wait for a free slot. */
  private int maxConnectionsPerEndpoint = DEFAULT_MAX_CONNECTIONS_PER_ENDPOINT;
  /** Server: broadcasts queued on one stream while it is in the middle of sending a fragmented message. */
  private int maxQueuedBroadcasts = DEFAULT_MAX_QUEUED_BROADCASTS;

  public WsHostOptions() {}

  public WsHostOptions(WsHostOptions other) {
    this(other.toJson());
  }

  public WsHostOptions(JsonObject json) {
    setMaxFrameSize(json.getInteger("maxFrameSize", maxFrameSize));
    setMaxMessageSize(json.getInteger("maxMessageSize", maxMessageSize));
    setHandshakeTimeoutMs(json.getLong("handshakeTimeoutMs", handshakeTimeoutMs));
    setConnectTimeoutMs(json.getLong("connectTimeoutMs", connectTimeoutMs));
    setCloseTimeoutSecs(json.getInteger("closeTimeoutSecs", closeTimeoutSecs));
    setMaxConnectionsPerEndpoint(json.getInteger("maxConnectionsPerEndpoint", maxConnectionsPerEndpoint));
    setMaxQueuedBroadcasts(json.getInteger("maxQueuedBroadcasts", maxQueuedBroadcasts));
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxFrameSize", maxFrameSize).put("maxMessageSize", maxMessageSize)
        .put("handshakeTimeoutMs", handshakeTimeoutMs).put("connectTimeoutMs", connectTimeoutMs)
        .put("closeTimeoutSecs", closeTimeoutSecs).put("maxConnectionsPerEndpoint", maxConnectionsPerEndpoint)
        .put("maxQueuedBroadcasts", maxQueuedBroadcasts);
  }

  private static long atLeast(String name, long v, long min) {
    if (v < min) {
      throw new IllegalArgumentException("hosts.ws." + name + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  /** The frame and message limits as one value. */
  public WsLimits limits() {
    return new WsLimits(maxFrameSize, maxMessageSize);
  }

  public int getMaxFrameSize() {
    return maxFrameSize;
  }

  public WsHostOptions setMaxFrameSize(int v) {
    maxFrameSize = (int) atLeast("maxFrameSize", v, 125);
    return this;
  }

  public int getMaxMessageSize() {
    return maxMessageSize;
  }

  public WsHostOptions setMaxMessageSize(int v) {
    maxMessageSize = (int) atLeast("maxMessageSize", v, 125);
    return this;
  }

  public long getHandshakeTimeoutMs() {
    return handshakeTimeoutMs;
  }

  public WsHostOptions setHandshakeTimeoutMs(long v) {
    handshakeTimeoutMs = atLeast("handshakeTimeoutMs", v, 1);
    return this;
  }

  public long getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  public WsHostOptions setConnectTimeoutMs(long v) {
    connectTimeoutMs = atLeast("connectTimeoutMs", v, 1);
    return this;
  }

  public int getCloseTimeoutSecs() {
    return closeTimeoutSecs;
  }

  public WsHostOptions setCloseTimeoutSecs(int v) {
    closeTimeoutSecs = (int) atLeast("closeTimeoutSecs", v, 0);
    return this;
  }

  public int getMaxConnectionsPerEndpoint() {
    return maxConnectionsPerEndpoint;
  }

  public WsHostOptions setMaxConnectionsPerEndpoint(int v) {
    maxConnectionsPerEndpoint = (int) atLeast("maxConnectionsPerEndpoint", v, 1);
    return this;
  }

  public int getMaxQueuedBroadcasts() {
    return maxQueuedBroadcasts;
  }

  public WsHostOptions setMaxQueuedBroadcasts(int v) {
    maxQueuedBroadcasts = (int) atLeast("maxQueuedBroadcasts", v, 0);
    return this;
  }
}
