package dev.sluice.host.ws;

import dev.sluice.host.ws.impl.WsClientSide;
import dev.sluice.host.ws.impl.WsListener;
import dev.sluice.policy.Protocol;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.spi.HostRegistry;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.ServeSpec;
import dev.sluice.ss.spi.ServerHost;
import dev.sluice.ss.spi.ServedListeners;
import dev.sluice.ss.spi.ServerRegistry;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamHost;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Hosts ws streams: client streams (one WebSocket connection each, opened from the stream's own
 * context so its frames never change thread) and ws-only listeners for server streamtypes
 * ({@code "server": true, "protocol": "ws"}). Both sides apply the strict RFC 6455 rules of
 * docs/websocket.md. Listeners started through {@link #serve} are closed with the verticle.
 */
public final class WsStreamHost extends VerticleBase implements StreamHost, ServerHost {

  private final WsHostOptions options;
  /** Created in start(), closed in stop(). */
  private WsClientSide clients;
  /** Listeners started by serve(), closed in stop(). */
  private final ServedListeners listeners = new ServedListeners();

  public WsStreamHost(WsHostOptions options) {
    this.options = new WsHostOptions(options);
  }

  public WsStreamHost() {
    this(new WsHostOptions());
  }

  @Override
  public Future<?> start() {
    clients = new WsClientSide(vertx, options);
    HostRegistry.of(vertx).register(this);
    ServerRegistry.of(vertx).register(this);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    HostRegistry.of(vertx).unregister(this);
    ServerRegistry.of(vertx).unregister(this);
    List<Future<Void>> all = new ArrayList<>();
    all.add(listeners.closeAll());
    all.add(clients.close());
    return Future.join(all);
  }

  @Override
  public Set<Protocol> protocols() {
    return EnumSet.of(Protocol.WS);
  }

  @Override
  public Set<Protocol> serverProtocols() {
    return EnumSet.of(Protocol.WS);
  }

  @Override
  public HostedStream open(StreamSpec spec, StreamClient client) {
    return clients.open(spec, client);
  }

  @Override
  public Future<StreamServer> serve(ServeSpec spec) {
    return listeners.track(WsListener.start(vertx, spec, options));
  }
}
