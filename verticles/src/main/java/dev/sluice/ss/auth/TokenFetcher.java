package dev.sluice.ss.auth;

import io.vertx.core.Future;

/** Gets a new token from wherever tokens come from (a token endpoint, a signed assertion...). */
@FunctionalInterface
public interface TokenFetcher {

  /** A fresh token, or a failure whose message says why without any secret in it. */
  Future<Token> fetch();
}
