package dev.sluice.cose;

/** Common COSE header labels (RFC 9052 section 3.1, RFC 9053, RFC 8152 countersignatures). */
public final class HeaderLabels {
  private HeaderLabels() {}

  public static final long ALG = 1;
  public static final long CRIT = 2;
  public static final long CONTENT_TYPE = 3;
  public static final long KID = 4;
  public static final long IV = 5;
  public static final long PARTIAL_IV = 6;
  /** RFC 8152 countersignature (COSE_Signature or an array of them). */
  public static final long COUNTER_SIGNATURE = 7;
  /** RFC 8152 abbreviated countersignature (the signature bytes only). */
  public static final long COUNTER_SIGNATURE0 = 9;
  public static final long EPHEMERAL_KEY = -1;
  public static final long STATIC_KEY = -2;
  public static final long STATIC_KEY_ID = -3;
  public static final long SALT = -20;
  public static final long PARTY_U_IDENTITY = -21;
  public static final long PARTY_U_NONCE = -22;
  public static final long PARTY_U_OTHER = -23;
  public static final long PARTY_V_IDENTITY = -24;
  public static final long PARTY_V_NONCE = -25;
  public static final long PARTY_V_OTHER = -26;
}
