package dev.sluice.runtime.fetch;

import io.vertx.core.json.JsonObject;

/**
 * The "policy-fetch" section of runtime.json: where the keys trusted to sign policies are, how
 * often to fetch, and which streamtype fetches. The trusted keys live in conf/, never in a policy:
 * a fetched policy must not be able to name the keys that would accept it.
 *
 * <pre>{"trustedKeys": "policy-keys.jwks", "intervalMs": 3600000, "streamtype": "fetch_policy",
 *  "clockSkewSecs": 60}</pre>
 */
public final class PolicyFetchOptions {

  /** A JWK set (JSON) of public keys, relative to the conf directory; null trusts nothing. */
  private String trustedKeys;
  private long intervalMs = 3_600_000;
  private String streamtype = "fetch_policy";
  private long clockSkewSecs = 60;

  public PolicyFetchOptions() {}

  public PolicyFetchOptions(JsonObject json) {
    trustedKeys = json.getString("trustedKeys");
    setIntervalMs(json.getLong("intervalMs", intervalMs));
    streamtype = json.getString("streamtype", streamtype);
    clockSkewSecs = json.getLong("clockSkewSecs", clockSkewSecs);
    if (clockSkewSecs < 0) {
      throw new IllegalArgumentException("policy-fetch.clockSkewSecs must be 0 or more, got " + clockSkewSecs);
    }
  }

  public String getTrustedKeys() {
    return trustedKeys;
  }

  public PolicyFetchOptions setTrustedKeys(String v) {
    trustedKeys = v;
    return this;
  }

  public long getIntervalMs() {
    return intervalMs;
  }

  public PolicyFetchOptions setIntervalMs(long v) {
    if (v < 100) {
      throw new IllegalArgumentException("policy-fetch.intervalMs must be at least 100, got " + v);
    }
    intervalMs = v;
    return this;
  }

  public String getStreamtype() {
    return streamtype;
  }

  public PolicyFetchOptions setStreamtype(String v) {
    streamtype = v;
    return this;
  }

  public long getClockSkewSecs() {
    return clockSkewSecs;
  }
}
