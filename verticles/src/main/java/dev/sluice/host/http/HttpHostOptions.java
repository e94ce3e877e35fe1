package dev.sluice.host.http;

import io.vertx.core.json.JsonObject;

/**
 * Configuration of the {@link HttpStreamHost}: the "hosts.http" part of {@code conf/runtime.json}.
 *
 * <pre>{"h1PoolSize": 32, "maxHeaderSize": 8192, "maxInitialLineLength": 4096, "maxRedirects": 16,
 *  "connectTimeoutMs": 10000, "authTokenEnv": "SLUICE_AUTH_TOKEN", "authTokenFile": null}</pre>
 */
public final class HttpHostOptions {

  public static final int DEFAULT_H1_POOL_SIZE = 32;
  public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
  public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 4096;
  public static final int DEFAULT_MAX_REDIRECTS = 16;
  public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
  public static final String DEFAULT_AUTH_TOKEN_ENV = "SLUICE_AUTH_TOKEN";

  /** HTTP/1.1 connections kept per endpoint. */
  private int h1PoolSize = DEFAULT_H1_POOL_SIZE;
  /** Largest response header block accepted. */
  private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
  /** Largest status line accepted. */
  private int maxInitialLineLength = DEFAULT_MAX_INITIAL_LINE_LENGTH;
  /** Redirects followed for an allow_redirects streamtype before the last one counts as the answer. */
  private int maxRedirects = DEFAULT_MAX_REDIRECTS;
  /** TCP (and TLS) connect timeout. */
  private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  /** Environment variable holding the token for http_auth_header; used when no file is given. */
  private String authTokenEnv = DEFAULT_AUTH_TOKEN_ENV;
  /** File holding the token for http_auth_header (read on each use); null to use the environment. */
  private String authTokenFile;
  /** Per-auth-name credentials for {@code use_auth} streams ({@link dev.sluice.ss.auth.AuthSources}). */
  private JsonObject auth = new JsonObject();

  public HttpHostOptions() {}

  public HttpHostOptions(JsonObject json) {
    setH1PoolSize(json.getInteger("h1PoolSize", h1PoolSize));
    setMaxHeaderSize(json.getInteger("maxHeaderSize", maxHeaderSize));
    setMaxInitialLineLength(json.getInteger("maxInitialLineLength", maxInitialLineLength));
    setMaxRedirects(json.getInteger("maxRedirects", maxRedirects));
    setConnectTimeoutMs(json.getLong("connectTimeoutMs", connectTimeoutMs));
    authTokenEnv = json.getString("authTokenEnv", authTokenEnv);
    authTokenFile = json.getString("authTokenFile", authTokenFile);
    auth = json.getJsonObject("auth", auth).copy();
  }

  public JsonObject toJson() {
    return new JsonObject().put("h1PoolSize", h1PoolSize).put("maxHeaderSize", maxHeaderSize)
        .put("maxInitialLineLength", maxInitialLineLength).put("maxRedirects", maxRedirects)
        .put("connectTimeoutMs", connectTimeoutMs).put("authTokenEnv", authTokenEnv).put("authTokenFile", authTokenFile)
        .put("auth", auth.copy());
  }

  private static int positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException("hosts.http." + name + " must be at least 1, got " + v);
    }
    return v;
  }

  public int getH1PoolSize() {
    return h1PoolSize;
  }

  public HttpHostOptions setH1PoolSize(int v) {
    h1PoolSize = positive("h1PoolSize", v);
    return this;
  }

  public int getMaxHeaderSize() {
    return maxHeaderSize;
  }

  public HttpHostOptions setMaxHeaderSize(int v) {
    maxHeaderSize = positive("maxHeaderSize", v);
    return this;
  }

  public int getMaxInitialLineLength() {
    return maxInitialLineLength;
  }

  public HttpHostOptions setMaxInitialLineLength(int v) {
    maxInitialLineLength = positive("maxInitialLineLength", v);
    return this;
  }

  public int getMaxRedirects() {
    return maxRedirects;
  }

  public HttpHostOptions setMaxRedirects(int v) {
    maxRedirects = positive("maxRedirects", v);
    return this;
  }

  public long getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  public HttpHostOptions setConnectTimeoutMs(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("hosts.http.connectTimeoutMs must be at least 1, got " + v);
    }
    connectTimeoutMs = v;
    return this;
  }

  public String getAuthTokenEnv() {
    return authTokenEnv;
  }

  public HttpHostOptions setAuthTokenEnv(String v) {
    authTokenEnv = v;
    return this;
  }

  public String getAuthTokenFile() {
    return authTokenFile;
  }

  public HttpHostOptions setAuthTokenFile(String v) {
    authTokenFile = v;
    return this;
  }

  public JsonObject getAuth() {
    return auth.copy();
  }

  public HttpHostOptions setAuth(JsonObject v) {
    auth = v == null ? new JsonObject() : v.copy();
    return this;
  }
}
