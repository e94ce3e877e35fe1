package dev.sluice.jose;

/**
 * The one exception JOSE processing throws: the input was refused. {@link #reason()} says which
 * rule it broke. Messages never carry key material or token contents.
 */
public final class JoseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the input was refused. */
  public enum Reason {
    /** Not a JWS, JWE, JWK or JWT of the expected shape. */
    MALFORMED,
    /** {@code alg: none}, or an algorithm not supported or not allowed here. */
    UNSUPPORTED_ALGORITHM,
    /** A key of the wrong type for the algorithm (algorithm confusion), or missing its private part. */
    WRONG_KEY,
    /** No trusted key matches the key id or the algorithm. */
    NO_MATCHING_KEY,
    /** The signature or MAC does not verify, or decryption failed (tampered or wrong key). */
    VERIFICATION_FAILED,
    /** The token's {@code exp} has passed (beyond the clock skew). */
    EXPIRED,
    /** The token's {@code nbf} is still ahead (beyond the clock skew). */
    NOT_YET_VALID,
    /** The issuer is not the expected one. */
    WRONG_ISSUER,
    /** None of the audiences is the expected one. */
    WRONG_AUDIENCE,
    /** A required claim is missing. */
    MISSING_CLAIM
  }

  /** Why the input was refused. */
  private final Reason reason;

  public JoseException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public JoseException(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "JoseException(" + reason + "): " + getMessage();
  }
}
