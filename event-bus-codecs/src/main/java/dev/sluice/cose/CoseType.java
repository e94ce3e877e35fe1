package dev.sluice.cose;

/** The six COSE message types and their CBOR tags (RFC 9052 section 2). */
public enum CoseType {
  SIGN1(18, 4, "COSE_Sign1"),
  SIGN(98, 4, "COSE_Sign"),
  MAC0(17, 4, "COSE_Mac0"),
  MAC(97, 5, "COSE_Mac"),
  ENCRYPT0(16, 3, "COSE_Encrypt0"),
  ENCRYPT(96, 4, "COSE_Encrypt");

  /** CBOR tag. */
  private final long tag;
  /** Number of elements of the message array. */
  private final int arity;
  /** Name in RFC 9052. */
  private final String rfcName;

  CoseType(long tag, int arity, String rfcName) {
    this.tag = tag;
    this.arity = arity;
    this.rfcName = rfcName;
  }

  public long tag() {
    return tag;
  }

  public int arity() {
    return arity;
  }

  public String rfcName() {
    return rfcName;
  }

  /** The type with this tag, or null. */
  public static CoseType fromTag(long tag) {
    for (CoseType t : values()) {
      if (t.tag == tag) {
        return t;
      }
    }
    return null;
  }
}
