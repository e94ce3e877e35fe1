package dev.sluice.host.raw;

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
import dev.sluice.ss.spi.TlsOptionsCache;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Hosts raw streams ({@code "protocol": "raw"}): client streams, one TCP connection each, and raw
 * server streamtypes, one accepted stream per connection. Bytes in are rx, bytes out are tx; no
 * message boundaries. Listeners started through {@link #serve} are closed with the verticle.
 */
public final class RawStreamHost extends VerticleBase implements StreamHost, ServerHost {

  /** Default connect timeout of raw client streams. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

  private final int connectTimeoutMs;
  private final TlsOptionsCache tls = new TlsOptionsCache();
  /** Created in start(), closed in stop(). */
  private NetClient client;
  /** Listeners started by serve(), closed in stop(). */
  private final ServedListeners listeners = new ServedListeners();

  public RawStreamHost(int connectTimeoutMs) {
    if (connectTimeoutMs <= 0) {
      throw new IllegalArgumentException("connectTimeoutMs must be positive, got " + connectTimeoutMs);
    }
    this.connectTimeoutMs = connectTimeoutMs;
  }

  public RawStreamHost() {
    this(DEFAULT_CONNECT_TIMEOUT_MS);
  }

  @Override
  public Future<?> start() {
    client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(connectTimeoutMs));
    HostRegistry.of(vertx).register(this);
    ServerRegistry.of(vertx).register(this);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    HostRegistry.of(vertx).unregister(this);
    ServerRegistry.of(vertx).unregister(this);
    tls.clear();
    List<Future<?>> all = new ArrayList<>();
    all.add(listeners.closeAll());
    all.add(client.close());
    return Future.join(all);
  }

  @Override
  public Set<Protocol> protocols() {
    return EnumSet.of(Protocol.RAW);
  }

  @Override
  public Set<Protocol> serverProtocols() {
    return EnumSet.of(Protocol.RAW);
  }

  @Override
  public HostedStream open(StreamSpec spec, StreamClient streamClient) {
    return new RawSocketStream(spec, streamClient, client, tls);
  }

  @Override
  public Future<StreamServer> serve(ServeSpec spec) {
    return listeners.track(RawListener.start(vertx, spec));
  }
}
