package dev.sluice.host.http;

import dev.sluice.host.http.server.HttpListener;
import dev.sluice.host.ws.WsHostOptions;
import dev.sluice.policy.Policy;
import dev.sluice.policy.Protocol;
import dev.sluice.policy.StreamType;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.spi.ServeSpec;
import dev.sluice.ss.spi.ServerHost;
import dev.sluice.ss.spi.ServedListeners;
import dev.sluice.ss.spi.ServerRegistry;
import dev.sluice.ss.auth.AuthSources;
import dev.sluice.ss.auth.StaticTokenSource;
import dev.sluice.ss.auth.TokenSource;
import dev.sluice.ss.spi.HostRegistry;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamHost;
import dev.sluice.ss.spi.StreamSpec;
import dev.sluice.ss.spi.TlsOptionsCache;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * Hosts h1 and h2 client streams. One HTTP client per protocol version: h1 streams to an endpoint
 * share a pool of keep-alive connections; h2 streams to an endpoint share one connection (ALPN over
 * TLS, prior knowledge without). Streams run on the context that created them; the h2 connection
 * runs on the loop that opened it, so a stream created on another loop pays one hop per event
 * (see docs/threading in the README).
 *
 * <p>Also serves h1 and h2 server streamtypes ({@code "server": true}) with an {@link HttpListener}
 * each (docs/server-streams.md); listeners started by {@link #serve} are closed, draining their
 * requests, with the verticle.
 */
public final class HttpStreamHost extends VerticleBase implements StreamHost, ServerHost {

  /** More streamtypes than a policy plausibly holds: beyond it, the cache starts over. */
  private static final int MAX_PLANS = 4096;

  private final HttpHostOptions options;
  private final TlsOptionsCache tls = new TlsOptionsCache();
  /** Created in start(), closed in stop(). */
  private HttpClientAgent h1;
  private HttpClientAgent h2;
  private TokenSource tokens = TokenSource.NONE;
  /**
   * Per-streamtype request settings by name; a plan is only used for the very StreamType it was
   * made from (a reloaded policy brings new ones, which replace it).
   */
  private final Map<String, HttpPlan> plans = new ConcurrentHashMap<>();
  private AuthSources auth = AuthSources.none();
  /** Listeners started by serve(), closed in stop(). */
  private final ServedListeners listeners = new ServedListeners();

  public HttpStreamHost(HttpHostOptions options) {
    this.options = options;
  }

  public HttpStreamHost() {
    this(new HttpHostOptions());
  }

  @Override
  public Future<?> start() {
    h1 = vertx.httpClientBuilder().with(clientOptions(HttpVersion.HTTP_1_1))
        .with(new PoolOptions().setHttp1MaxSize(options.getH1PoolSize())).build();
    h2 = vertx.httpClientBuilder().with(clientOptions(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
            .setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)))
        .with(new PoolOptions().setHttp2MaxSize(1).setHttp1MaxSize(options.getH1PoolSize())).build();
    tokens = options.getAuthTokenFile() != null ? StaticTokenSource.fromFile(vertx, options.getAuthTokenFile())
        : StaticTokenSource.fromEnvironment(options.getAuthTokenEnv());
    return AuthSources.load(vertx, options.getAuth()).map(a -> {
      auth = a;
      HostRegistry.of(vertx).register(this);
      ServerRegistry.of(vertx).register(this);
      return a;
    });
  }

  private HttpClientOptions clientOptions(HttpVersion version) {
    return new HttpClientOptions().setProtocolVersion(version)
        .setMaxHeaderSize(options.getMaxHeaderSize())
        .setMaxInitialLineLength(options.getMaxInitialLineLength())
        .setMaxRedirects(options.getMaxRedirects())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.getConnectTimeoutMs()))
        .setDecompressionSupported(false)
        .setKeepAlive(true);
  }

  @Override
  public Future<?> stop() {
    HostRegistry.of(vertx).unregister(this);
    ServerRegistry.of(vertx).unregister(this);
    tls.clear();
    auth.close();
    List<Future<?>> all = new ArrayList<>();
    all.add(listeners.closeAll());
    all.add(h1.close());
    all.add(h2.close());
    return Future.join(all);
  }

  @Override
  public Set<Protocol> protocols() {
    return EnumSet.of(Protocol.H1, Protocol.H2);
  }

  @Override
  public HostedStream open(StreamSpec spec, StreamClient client) {
    return new HttpHostStream(this, spec, client);
  }

  HttpPlan plan(StreamType type, Policy policy) {
    HttpPlan p = plans.get(type.name());
    if (p == null || p.type != type || p.policy != policy) {
      if (plans.size() >= MAX_PLANS) {
        plans.clear(); // bounded, whatever names the policies use
      }
      p = new HttpPlan(type, policy);
      plans.put(type.name(), p);
    }
    return p;
  }

  @Override
  public Set<Protocol> serverProtocols() {
    return EnumSet.of(Protocol.H1, Protocol.H2);
  }

  @Override
  public Future<StreamServer> serve(ServeSpec spec) {
    return listeners.track(HttpListener.start(vertx, spec, new WsHostOptions()));
  }

  HttpClientAgent client(Protocol p) {
    return p == Protocol.H2 ? h2 : h1;
  }

  TlsOptionsCache tls() {
    return tls;
  }

  /** The source for streams with {@code http_auth_header} and no {@code use_auth}. */
  TokenSource tokens() {
    return tokens;
  }

  AuthSources auth() {
    return auth;
  }

  /** Replaces the token source (auth rotation plugs in here). */
  public void tokenSource(TokenSource source) {
    this.tokens = source;
  }
}
