package dev.sluice.cose.impl;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * The curves of COSE (RFC 9053 section 7.1): identifiers, JDK names, field sizes, and the point
 * arithmetic the JDK does not expose (a public point from a private scalar, point decompression),
 * for which BouncyCastle's curve maths is used.
 */
public enum Curves {
  P_256(1, "secp256r1", "P-256", 32, true),
  P_384(2, "secp384r1", "P-384", 48, true),
  P_521(3, "secp521r1", "P-521", 66, true),
  X25519(4, "X25519", "X25519", 32, false),
  X448(5, "X448", "X448", 56, false),
  ED25519(6, "Ed25519", "Ed25519", 32, false),
  ED448(7, "Ed448", "Ed448", 57, false);

  /** COSE identifier. */
  private final int id;
  /** JDK name (standard name for EC, algorithm name for OKP). */
  private final String jdkName;
  /** JOSE/COSE display name. */
  private final String displayName;
  /** Size in bytes of a coordinate or an OKP key. */
  private final int size;
  /** True for the short-Weierstrass curves (EC2 keys). */
  private final boolean ec2;

  Curves(int id, String jdkName, String displayName, int size, boolean ec2) {
    this.id = id;
    this.jdkName = jdkName;
    this.displayName = displayName;
    this.size = size;
    this.ec2 = ec2;
  }

  public int id() {
    return id;
  }

  public String jdkName() {
    return jdkName;
  }

  public String displayName() {
    return displayName;
  }

  public int size() {
    return size;
  }

  public boolean isEc2() {
    return ec2;
  }

  /** True for the signature curves Ed25519 and Ed448. */
  public boolean isEdwards() {
    return this == ED25519 || this == ED448;
  }

  /** The curve with a COSE identifier, or null. */
  public static Curves fromId(long id) {
    for (Curves c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    return null;
  }

  /** The curve with a JOSE/COSE name ("P-256", "Ed25519"...), or null. */
  public static Curves fromName(String name) {
    for (Curves c : values()) {
      if (c.displayName.equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** JDK parameters of an EC2 curve. */
  public ECParameterSpec ecParameters() throws GeneralSecurityException {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(jdkName));
    return p.getParameterSpec(ECParameterSpec.class);
  }

  private X9ECParameters bc() {
    return ECNamedCurveTable.getByName(jdkName);
  }

  /** The public point d*G of an EC2 curve. */
  public ECPoint publicPoint(BigInteger d) {
    org.bouncycastle.math.ec.ECPoint q = bc().getG().multiply(d).normalize();
    return new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
  }

  /** The curve order n of an EC2 curve. */
  public BigInteger order() {
    return bc().getN();
  }

  /** The y coordinate for x and a sign bit (the low bit of y), or null when x is not on the curve. */
  public BigInteger decompressY(BigInteger x, boolean ySign) {
    try {
      byte[] enc = new byte[1 + size];
      enc[0] = (byte) (ySign ? 3 : 2);
      byte[] xb = fixed(x, size);
      System.arraycopy(xb, 0, enc, 1, size);
      return bc().getCurve().decodePoint(enc).normalize().getAffineYCoord().toBigInteger();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** True when (x, y) lies on this EC2 curve. */
  public boolean contains(BigInteger x, BigInteger y) {
    try {
      return bc().getCurve().validatePoint(x, y).isValid();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A big-endian unsigned encoding of exactly {@code len} bytes. */
  public static byte[] fixed(BigInteger v, int len) {
    byte[] b = v.toByteArray();
    if (b.length == len) {
      return b;
    }
    if (b.length > len) {
      return Arrays.copyOfRange(b, b.length - len, b.length);
    }
    byte[] out = new byte[len];
    System.arraycopy(b, 0, out, len - b.length, b.length);
    return out;
  }
}
