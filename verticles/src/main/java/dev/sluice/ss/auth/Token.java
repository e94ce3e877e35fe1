package dev.sluice.ss.auth;

/**
 * A token and how long it is good for.
 *
 * @param value the token; never logged, and left out of {@link #toString()}
 * @param lifetimeMs how long after it was issued it expires
 */
public record Token(String value, long lifetimeMs) {

  @Override
  public String toString() {
    return "Token[" + value.length() + " characters, lifetime " + lifetimeMs + " ms]";
  }
}
