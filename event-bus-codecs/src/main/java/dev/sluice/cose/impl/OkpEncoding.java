package dev.sluice.cose.impl;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Raw OKP keys (RFC 8037 / RFC 9053 encodings) to and from JDK keys, through the fixed DER
 * prefixes of RFC 8410 (SubjectPublicKeyInfo and PKCS#8 around the raw bytes).
 */
public final class OkpEncoding {
  private OkpEncoding() {}

  private static byte[] spkiPrefix(Curves c) {
    return HexFormat.of().parseHex(switch (c) {
      case ED25519 -> "302a300506032b6570032100";
      case ED448 -> "3043300506032b6571033a00";
      case X25519 -> "302a300506032b656e032100";
      default -> "3042300506032b656f033900";
    });
  }

  private static byte[] pkcs8Prefix(Curves c) {
    return HexFormat.of().parseHex(switch (c) {
      case ED25519 -> "302e020100300506032b657004220420";
      case ED448 -> "3047020100300506032b6571043b0439";
      case X25519 -> "302e020100300506032b656e04220420";
      default -> "3046020100300506032b656f043a0438";
    });
  }

  private static String factory(Curves c) {
    return c.isEdwards() ? "EdDSA" : "XDH";
  }

  public static PublicKey publicKey(Curves c, byte[] raw) throws GeneralSecurityException {
    if (raw.length != c.size()) {
      throw new GeneralSecurityException(c.displayName() + " public key of " + raw.length + " bytes, expected " + c.size());
    }
    return KeyFactory.getInstance(factory(c)).generatePublic(new X509EncodedKeySpec(concat(spkiPrefix(c), raw)));
  }

  public static PrivateKey privateKey(Curves c, byte[] raw) throws GeneralSecurityException {
    if (raw.length != c.size()) {
      throw new GeneralSecurityException(c.displayName() + " private key of " + raw.length + " bytes, expected " + c.size());
    }
    return KeyFactory.getInstance(factory(c)).generatePrivate(new PKCS8EncodedKeySpec(concat(pkcs8Prefix(c), raw)));
  }

  /** The curve of a JDK EdDSA/XDH key, or null. */
  public static Curves curveOf(java.security.Key k) {
    byte[] enc = k.getEncoded();
    for (Curves c : new Curves[] {Curves.ED25519, Curves.ED448, Curves.X25519, Curves.X448}) {
      byte[] p = k instanceof PublicKey ? spkiPrefix(c) : pkcs8Prefix(c);
      if (enc != null && enc.length == p.length + c.size() && Arrays.equals(enc, 0, p.length, p, 0, p.length)) {
        return c;
      }
    }
    return null;
  }

  public static byte[] rawPublic(PublicKey k, Curves c) {
    byte[] enc = k.getEncoded();
    return Arrays.copyOfRange(enc, enc.length - c.size(), enc.length);
  }

  public static byte[] rawPrivate(PrivateKey k, Curves c) throws GeneralSecurityException {
    byte[] enc = k.getEncoded();
    byte[] p = pkcs8Prefix(c);
    if (enc.length != p.length + c.size()) {
      // a PKCS#8 v2 key that also carries the public key: the private octets follow the prefix
      return Arrays.copyOfRange(enc, p.length, p.length + c.size());
    }
    return Arrays.copyOfRange(enc, enc.length - c.size(), enc.length);
  }

  /** The public key for a raw private key, computed by the JDK's own key generation. */
  public static byte[] publicFromPrivate(Curves c, byte[] d) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(c.jdkName());
      g.initialize(new NamedParameterSpec(c.jdkName()), new FixedBytes(d));
      KeyPair kp = g.generateKeyPair();
      return rawPublic(kp.getPublic(), c);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + c.jdkName(), e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A "random" source that yields one given value: turns a private key into its key pair. */
  @SuppressWarnings("serial")
  private static final class FixedBytes extends SecureRandom {
    /** The bytes to hand out. */
    private final byte[] value;

    FixedBytes(byte[] value) {
      this.value = value;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != value.length) {
        throw new IllegalStateException("asked for " + bytes.length + " bytes, have " + value.length);
      }
      System.arraycopy(value, 0, bytes, 0, bytes.length);
    }
  }
}
