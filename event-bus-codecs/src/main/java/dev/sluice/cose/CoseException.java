package dev.sluice.cose;

/**
 * The one exception COSE processing throws: the message was refused. {@link #reason()} says which
 * rule it broke; the message says where and with which value. Never carries key material.
 */
public final class CoseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a message was refused. */
  public enum Reason {
    /** Not CBOR, or not the structure RFC 9052 defines. */
    MALFORMED,
    /** A tag other than the one of the message type expected. */
    WRONG_MESSAGE_TYPE,
    /** An algorithm that is unknown, not supported, or not allowed here. */
    UNSUPPORTED_ALGORITHM,
    /** A header listed as critical that this application does not understand. */
    UNKNOWN_CRITICAL_HEADER,
    /** A key of the wrong type, curve or size for the algorithm, or missing the part needed. */
    WRONG_KEY,
    /** The signature, MAC or authentication tag does not verify: tampered, or the wrong key. */
    VERIFICATION_FAILED,
    /** No recipient or signer of the message matches the keys given. */
    NO_MATCHING_RECIPIENT
  }

  /** Why the message was refused. */
  private final Reason reason;

  public CoseException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public CoseException(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  /** Why the message was refused. */
  public Reason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "CoseException(" + reason + "): " + getMessage();
  }
}
