package dev.sluice.host.http.server;

import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The limits of a server streamtype's listener, from its Sluice extension keys or the defaults
 * below (docs/server-streams.md). Zero in the policy means the default.
 *
 * @param idleTimeoutMs a connection with no traffic for this long is closed
 * @param headerTimeoutMs an h1 connection must complete a request's headers within this long of
 *     connecting or of its previous response
 * @param maxHeaderSize the largest request header block (h1 431; h2 MAX_HEADER_LIST_SIZE)
 * @param maxLineLength the longest h1 request line (414)
 * @param h2MaxStreams h2 SETTINGS_MAX_CONCURRENT_STREAMS
 * @param maxBody the largest request body (413)
 * @param drainTimeoutMs how long a shutdown lets requests in flight finish
 */
public record ServerLimits(long idleTimeoutMs, long headerTimeoutMs, int maxHeaderSize, int maxLineLength,
    int h2MaxStreams, long maxBody, long drainTimeoutMs) {

  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  public static final long DEFAULT_HEADER_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
  public static final int DEFAULT_MAX_LINE_LENGTH = 4096;
  public static final int DEFAULT_H2_MAX_STREAMS = 100;
  public static final long DEFAULT_MAX_BODY = 1024 * 1024;
  public static final long DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

  /** The limits {@code type} sets, the defaults for the rest. */
  public static ServerLimits of(StreamType type) {
    return new ServerLimits(
        positive(type, StreamKey.SLUICE_IDLE_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS),
        positive(type, StreamKey.SLUICE_HEADER_TIMEOUT_MS, DEFAULT_HEADER_TIMEOUT_MS),
        (int) Math.min(Integer.MAX_VALUE, positive(type, StreamKey.SLUICE_MAX_HEADER_SIZE, DEFAULT_MAX_HEADER_SIZE)),
        (int) Math.min(Integer.MAX_VALUE, positive(type, StreamKey.SLUICE_MAX_LINE_LENGTH, DEFAULT_MAX_LINE_LENGTH)),
        (int) Math.min(Integer.MAX_VALUE, positive(type, StreamKey.SLUICE_H2_MAX_STREAMS, DEFAULT_H2_MAX_STREAMS)),
        positive(type, StreamKey.SLUICE_MAX_BODY, DEFAULT_MAX_BODY),
        positive(type, StreamKey.SLUICE_DRAIN_TIMEOUT_MS, DEFAULT_DRAIN_TIMEOUT_MS));
  }

  private static long positive(StreamType type, StreamKey key, long dflt) {
    long v = type.number(key, 0);
    return v > 0 ? v : dflt;
  }

  /**
   * Applies the limits to a server's options. Vert.x's h2 rapid-reset protection (at most 200
   * RST_STREAM per 30 s, then GOAWAY ENHANCE_YOUR_CALM) is left on at its defaults on purpose.
   */
  public HttpServerOptions apply(HttpServerOptions o) {
    Http2Settings settings = new Http2Settings(o.getInitialSettings())
        .setMaxConcurrentStreams(h2MaxStreams)
        .setMaxHeaderListSize(maxHeaderSize);
    return o.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeoutMs))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxHeaderSize(maxHeaderSize)
        .setMaxInitialLineLength(maxLineLength)
        .setInitialSettings(settings)
        .setHandle100ContinueAutomatically(false)
        .setDecompressionSupported(false)
        .setCompressionSupported(false);
  }
}
