package dev.sluice.policy;

/**
 * One {@code auth[]} entry.
 *
 * @param name the name {@code use_auth} refers to
 * @param type the scheme, e.g. "sigv4"
 * @param streamtype the streamtype that fetches or refreshes the credential ("" if none)
 * @param blob which credential slot holds the key material (lws's system blob index)
 */
public record AuthPolicy(String name, String type, String streamtype, int blob) {}
