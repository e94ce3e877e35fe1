package dev.sluice.ss.spi;

import dev.sluice.policy.Policy;
import dev.sluice.policy.TrustStores;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client TLS options per (policy, trust store, ALPN): the trust store's certs as the only anchors,
 * or the JDK's default trust when the streamtype names none; hostname verification always on.
 * Cached, so connections that use the same options share a pool (and an h2 connection).
 */
public final class TlsOptionsCache {

  private record Key(Policy policy, String trustStore, List<String> alpn) {
    @Override
    public boolean equals(Object o) {
      // The policy by identity: a reloaded policy gets its own options.
      return o instanceof Key k && k.policy == policy && k.trustStore.equals(trustStore) && k.alpn.equals(alpn);
    }

    @Override
    public int hashCode() {
      return Objects.hash(System.identityHashCode(policy), trustStore, alpn);
    }
  }

  private final Map<Key, ClientSSLOptions> cache = new ConcurrentHashMap<>();

  /**
   * The options for a trust store of {@code policy} ("" for the platform's trust).
   *
   * @throws GeneralSecurityException naming the trust store and what is wrong with it
   */
  public ClientSSLOptions options(Policy policy, String trustStore, List<String> alpn) throws GeneralSecurityException {
    Key key = new Key(policy, trustStore, List.copyOf(alpn));
    ClientSSLOptions o = cache.get(key);
    if (o == null) {
      o = new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS");
      if (!trustStore.isEmpty()) {
        o.setTrustOptions(TrustOptions.wrap(TrustStores.trustManager(policy, trustStore)));
      }
      if (!alpn.isEmpty()) {
        o.setUseAlpn(true).setApplicationLayerProtocols(alpn);
      }
      ClientSSLOptions raced = cache.putIfAbsent(key, o);
      if (raced != null) {
        o = raced;
      }
    }
    return o;
  }

  public void clear() {
    cache.clear();
  }
}
