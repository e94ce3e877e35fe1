package dev.sluice.ss.auth;

import io.vertx.core.Future;

/**
 * Where a stream's bearer token comes from ({@code http_auth_header} + {@code http_auth_preamble}).
 * Implementations cache as they see fit; a token never appears in a log or an error message.
 */
public interface TokenSource {

  /** The current token, or a failure saying why there is none (without the token itself). */
  Future<String> token();

  /** No token: streams that need one report AUTH_FAILED. */
  TokenSource NONE = () -> Future.failedFuture(new IllegalStateException("no token source is configured"));
}
