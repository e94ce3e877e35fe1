package dev.sluice.host.ws.impl;

import dev.sluice.host.ws.WsHostOptions;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamSpec;
import dev.sluice.ss.spi.TlsOptionsCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * What client ws streams share: one Vert.x WebSocket client (strict: no compression offered, frame
 * limit from the options) and the TLS options per trust store.
 */
public final class WsClientSide {

  private final WebSocketClient client;
  private final TlsOptionsCache tls = new TlsOptionsCache();
  private final WsHostOptions options;
  private final WsLimits limits;

  public WsClientSide(Vertx vertx, WsHostOptions options) {
    this.options = new WsHostOptions(options);
    this.limits = options.limits();
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(options.getMaxFrameSize())
        .setMaxMessageSize(options.getMaxMessageSize())
        // Off: Vert.x 5.0.7 gives Netty's inflater no size bound, and with an extension allowed
        // the decoder passes RSV bits through where the frame API cannot see them.
        .setTryUsePerMessageCompression(false)
        .setTryUsePerFrameCompression(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.getConnectTimeoutMs()))
        .setClosingTimeout(options.getCloseTimeoutSecs())
        .setMaxConnections(options.getMaxConnectionsPerEndpoint()));
  }

  public HostedStream open(StreamSpec spec, StreamClient streamClient) {
    return new WsClientStream(this, spec, streamClient);
  }

  WebSocketClient client() {
    return client;
  }

  TlsOptionsCache tls() {
    return tls;
  }

  WsHostOptions options() {
    return options;
  }

  WsLimits limits() {
    return limits;
  }

  public Future<Void> close() {
    tls.clear();
    return client.close();
  }
}
