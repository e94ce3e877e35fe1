package dev.sluice.ss.auth;

import io.vertx.core.Future;

/**
 * Where a stream's bearer token comes from ({@code http_auth_header} + {@code http_auth_preamble},
 * or {@code use_auth}). Implementations cache as they see fit and may be called from any event
 * loop; a token never appears in a log or an error message.
 */
public interface TokenSource {

  /**
   * The current token, or a failure saying why there is none (without the token itself). While a
   * new token is being fetched, every caller waits for that one fetch.
   */
  Future<String> token();

  /** The server refused {@code token} (HTTP 401): do not hand it out again. */
  default void invalidate(String token) {
  }

  /** Stops renewal timers; called when the host that owns the source stops. */
  default void close() {
  }

  /** No token: streams that need one report AUTH_FAILED. */
  TokenSource NONE = () -> Future.failedFuture(new IllegalStateException("no token source is configured"));
}
