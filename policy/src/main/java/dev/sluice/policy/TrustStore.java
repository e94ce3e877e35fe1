package dev.sluice.policy;

import java.util.List;

/**
 * One {@code trust_stores[]} entry: the certs a client trusts for streamtypes that name it.
 *
 * @param name the name {@code tls_trust_store} refers to
 * @param certNames 1 to 6 names of {@code certs[]} entries; the first is the CA, as in lws
 * @param pemFiles Sluice extension {@code sluice_pem}: PEM files whose certificates are trusted too
 */
public record TrustStore(String name, List<String> certNames, List<String> pemFiles) {

  public TrustStore {
    certNames = List.copyOf(certNames);
    pemFiles = List.copyOf(pemFiles);
  }
}
