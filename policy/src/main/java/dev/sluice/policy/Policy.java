package dev.sluice.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole policy, immutable. Maps keep the policy's order (which matters in lws: a name must be
 * defined before it is used).
 *
 * @param release policy version tag (lws ignores it; Sluice uses it to refuse older policies)
 * @param product product tag
 * @param schemaVersion lowest parser version the policy needs (every known policy uses 1)
 * @param viaSocks5 default SOCKS5 proxy "addr:port" for client streams, "" for none
 * @param retries {@code retry[]} by name
 * @param certs {@code certs[]} by name
 * @param trustStores {@code trust_stores[]} by name
 * @param metrics {@code metrics[]}
 * @param auths {@code auth[]} by name
 * @param streamTypes {@code s[]} by streamtype name
 * @param extensions top-level keys with the {@code sluice_} prefix, as plain Java values
 *     (String, Long, Double, Boolean, List, Map), for the components that read them
 */
public record Policy(
    String release,
    String product,
    int schemaVersion,
    String viaSocks5,
    Map<String, RetryPolicy> retries,
    Map<String, Cert> certs,
    Map<String, TrustStore> trustStores,
    List<MetricsPolicy> metrics,
    Map<String, AuthPolicy> auths,
    Map<String, StreamType> streamTypes,
    Map<String, Object> extensions) {

  public Policy {
    retries = frozen(retries);
    certs = frozen(certs);
    trustStores = frozen(trustStores);
    metrics = List.copyOf(metrics);
    auths = frozen(auths);
    streamTypes = frozen(streamTypes);
    extensions = frozen(extensions);
  }

  private static <V> Map<String, V> frozen(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** A policy with nothing in it. */
  public static Policy empty() {
    return new Policy("", "", 0, "", Map.of(), Map.of(), Map.of(), List.of(), Map.of(), Map.of(), Map.of());
  }

  public Optional<StreamType> streamType(String name) {
    return Optional.ofNullable(streamTypes.get(name));
  }

  /** The retry policy a streamtype names, if any. */
  public Optional<RetryPolicy> retryFor(StreamType st) {
    return Optional.ofNullable(retries.get(st.retry()));
  }

  /** A copy whose streamtypes are replaced by {@code types}. */
  public Policy withStreamTypes(Map<String, StreamType> types) {
    return new Policy(release, product, schemaVersion, viaSocks5, retries, certs, trustStores, metrics, auths,
        types, extensions);
  }
}
