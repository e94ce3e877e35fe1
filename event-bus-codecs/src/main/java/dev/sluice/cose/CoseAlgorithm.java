package dev.sluice.cose;

import java.util.HashMap;
import java.util.Map;

/**
 * The COSE algorithms Sluice implements, with their IANA identifiers (RFC 9053, RFC 8230).
 * Identifiers are explicit numbers looked up with {@link #fromId(long)}, never ordinals.
 */
public enum CoseAlgorithm {
  // signatures
  ES256(-7, Family.SIGNATURE, 0),
  ES384(-35, Family.SIGNATURE, 0),
  ES512(-36, Family.SIGNATURE, 0),
  EDDSA(-8, Family.SIGNATURE, 0),
  PS256(-37, Family.SIGNATURE, 0),
  PS384(-38, Family.SIGNATURE, 0),
  PS512(-39, Family.SIGNATURE, 0),
  // MACs: key size in bits (0: any)
  HMAC_256_64(4, Family.MAC, 256),
  HMAC_256(5, Family.MAC, 256),
  HMAC_384(6, Family.MAC, 384),
  HMAC_512(7, Family.MAC, 512),
  AES_MAC_128_64(14, Family.MAC, 128),
  AES_MAC_256_64(15, Family.MAC, 256),
  AES_MAC_128_128(25, Family.MAC, 128),
  AES_MAC_256_128(26, Family.MAC, 256),
  // content encryption (AEAD): key size in bits
  A128GCM(1, Family.CONTENT_ENCRYPTION, 128),
  A192GCM(2, Family.CONTENT_ENCRYPTION, 192),
  A256GCM(3, Family.CONTENT_ENCRYPTION, 256),
  AES_CCM_16_64_128(10, Family.CONTENT_ENCRYPTION, 128),
  AES_CCM_16_64_256(11, Family.CONTENT_ENCRYPTION, 256),
  AES_CCM_64_64_128(12, Family.CONTENT_ENCRYPTION, 128),
  AES_CCM_64_64_256(13, Family.CONTENT_ENCRYPTION, 256),
  AES_CCM_16_128_128(30, Family.CONTENT_ENCRYPTION, 128),
  AES_CCM_16_128_256(31, Family.CONTENT_ENCRYPTION, 256),
  AES_CCM_64_128_128(32, Family.CONTENT_ENCRYPTION, 128),
  AES_CCM_64_128_256(33, Family.CONTENT_ENCRYPTION, 256),
  CHACHA20_POLY1305(24, Family.CONTENT_ENCRYPTION, 256),
  // key distribution: for key wrap, the KEK size in bits
  DIRECT(-6, Family.KEY_DISTRIBUTION, 0),
  DIRECT_HKDF_SHA_256(-10, Family.KEY_DISTRIBUTION, 0),
  DIRECT_HKDF_SHA_512(-11, Family.KEY_DISTRIBUTION, 0),
  DIRECT_HKDF_AES_128(-12, Family.KEY_DISTRIBUTION, 0),
  DIRECT_HKDF_AES_256(-13, Family.KEY_DISTRIBUTION, 0),
  A128KW(-3, Family.KEY_DISTRIBUTION, 128),
  A192KW(-4, Family.KEY_DISTRIBUTION, 192),
  A256KW(-5, Family.KEY_DISTRIBUTION, 256),
  ECDH_ES_HKDF_256(-25, Family.KEY_DISTRIBUTION, 0),
  ECDH_ES_HKDF_512(-26, Family.KEY_DISTRIBUTION, 0),
  ECDH_SS_HKDF_256(-27, Family.KEY_DISTRIBUTION, 0),
  ECDH_SS_HKDF_512(-28, Family.KEY_DISTRIBUTION, 0),
  ECDH_ES_A128KW(-29, Family.KEY_DISTRIBUTION, 128),
  ECDH_ES_A192KW(-30, Family.KEY_DISTRIBUTION, 192),
  ECDH_ES_A256KW(-31, Family.KEY_DISTRIBUTION, 256),
  ECDH_SS_A128KW(-32, Family.KEY_DISTRIBUTION, 128),
  ECDH_SS_A192KW(-33, Family.KEY_DISTRIBUTION, 192),
  ECDH_SS_A256KW(-34, Family.KEY_DISTRIBUTION, 256),
  RSAES_OAEP_SHA_1(-40, Family.KEY_DISTRIBUTION, 0),
  RSAES_OAEP_SHA_256(-41, Family.KEY_DISTRIBUTION, 0),
  RSAES_OAEP_SHA_512(-42, Family.KEY_DISTRIBUTION, 0);

  /** What an algorithm does. */
  public enum Family { SIGNATURE, MAC, CONTENT_ENCRYPTION, KEY_DISTRIBUTION }

  private static final Map<Long, CoseAlgorithm> BY_ID = new HashMap<>();

  static {
    for (CoseAlgorithm a : values()) {
      BY_ID.put(a.id, a);
    }
  }

  /** IANA identifier. */
  private final long id;
  /** What the algorithm does. */
  private final Family family;
  /** Key size in bits for MAC, AEAD and key-wrap algorithms; 0 when it does not apply. */
  private final int keyBits;

  CoseAlgorithm(long id, Family family, int keyBits) {
    this.id = id;
    this.family = family;
    this.keyBits = keyBits;
  }

  public long id() {
    return id;
  }

  public Family family() {
    return family;
  }

  /** Key size in bits (MAC, AEAD, key wrap and the KEK of ECDH+key wrap); 0 when not fixed. */
  public int keyBits() {
    return keyBits;
  }

  /** The algorithm with this identifier, or null. */
  public static CoseAlgorithm fromId(long id) {
    return BY_ID.get(id);
  }

  /** True for the ECDH key agreements. */
  public boolean isEcdh() {
    return id <= -25 && id >= -34;
  }

  /** True for ECDH with a static sender key (-SS-). */
  public boolean isStaticStatic() {
    return (id <= -27 && id >= -28) || (id <= -32 && id >= -34);
  }

  /** True for algorithms whose recipient carries a wrapped or encrypted CEK. */
  public boolean wrapsKey() {
    return this == A128KW || this == A192KW || this == A256KW || (isEcdh() && keyBits > 0)
        || this == RSAES_OAEP_SHA_1 || this == RSAES_OAEP_SHA_256 || this == RSAES_OAEP_SHA_512;
  }
}
