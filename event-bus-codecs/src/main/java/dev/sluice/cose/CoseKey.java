package dev.sluice.cose;

import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborException;
import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborMap;
import dev.sluice.cbor.CborOptions;
import dev.sluice.cbor.CborReader;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborText;
import dev.sluice.cbor.CborValue;
import dev.sluice.cbor.CborWriter;
import dev.sluice.cose.impl.Curves;
import dev.sluice.cose.impl.OkpEncoding;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * A COSE_Key (RFC 9052 section 7, RFC 9053 section 7): an EC2, OKP, RSA or symmetric key with its
 * optional key id, algorithm restriction and base IV. Immutable. Converts to and from JDK keys and
 * the CBOR map form. Its {@link #toString()} never shows private or secret parts.
 */
public final class CoseKey {
  /** Key types (COSE "kty"). */
  public enum Type {
    OKP(1), EC2(2), RSA(3), SYMMETRIC(4);

    private final int id;

    Type(int id) {
      this.id = id;
    }

    public int id() {
      return id;
    }

    static Type fromId(long id) {
      for (Type t : values()) {
        if (t.id == id) {
          return t;
        }
      }
      return null;
    }
  }

  private final Type type;
  private final byte[] kid;
  private final CoseAlgorithm algorithm;
  private final byte[] baseIv;
  /** EC2 and OKP only. */
  private final Curves curve;
  /** EC2: x coordinate; OKP: the public key; RSA: modulus n. */
  private final byte[] x;
  /** EC2: y coordinate (null when only {@link #ySign} is known); RSA: public exponent e. */
  private final byte[] y;
  /** EC2 compressed form: the low bit of y, when y itself is absent. */
  private final Boolean ySign;
  /** Private scalar (EC2, OKP), private exponent (RSA), or the secret (symmetric); null for public keys. */
  private final byte[] d;
  /** RSA CRT parameters p, q, dP, dQ, qInv; null when absent. */
  private final byte[][] crt;

  private CoseKey(Type type, byte[] kid, CoseAlgorithm algorithm, byte[] baseIv, Curves curve, byte[] x,
      byte[] y, Boolean ySign, byte[] d, byte[][] crt) {
    this.type = type;
    this.kid = kid;
    this.algorithm = algorithm;
    this.baseIv = baseIv;
    this.curve = curve;
    this.x = x;
    this.y = y;
    this.ySign = ySign;
    this.d = d;
    this.crt = crt;
  }

  // ---- factories

  /** A symmetric key. */
  public static CoseKey symmetric(byte[] k) {
    return new CoseKey(Type.SYMMETRIC, null, null, null, null, null, null, null, k.clone(), null);
  }

  /** An EC2 key on P-256, P-384 or P-521 ({@code d} may be null for a public key). */
  public static CoseKey ec2(String curve, byte[] x, byte[] y, byte[] d) throws CoseException {
    Curves c = Curves.fromName(curve);
    if (c == null || !c.isEc2()) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "curve " + curve + " is not an EC2 curve");
    }
    CoseKey k = new CoseKey(Type.EC2, null, null, null, c, x.clone(), y.clone(), null, d == null ? null : d.clone(), null);
    k.checkOnCurve();
    return k;
  }

  /** An OKP key on Ed25519, Ed448, X25519 or X448 ({@code x} or {@code d} may be null, not both). */
  public static CoseKey okp(String curve, byte[] x, byte[] d) throws CoseException {
    Curves c = Curves.fromName(curve);
    if (c == null || c.isEc2()) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "curve " + curve + " is not an OKP curve");
    }
    byte[] pub = x != null ? x.clone() : OkpEncoding.publicFromPrivate(c, d);
    return new CoseKey(Type.OKP, null, null, null, c, pub, null, null, d == null ? null : d.clone(), null);
  }

  /** An RSA key from its parts; {@code d} and the CRT parts may be null. */
  public static CoseKey rsa(BigInteger n, BigInteger e, BigInteger d, BigInteger[] crt) {
    byte[][] c = null;
    if (crt != null) {
      c = new byte[5][];
      for (int i = 0; i < 5; i++) {
        c[i] = unsigned(crt[i]);
      }
    }
    return new CoseKey(Type.RSA, null, null, null, null, unsigned(n), unsigned(e), null,
        d == null ? null : unsigned(d), c);
  }

  /** The same key with a key id. */
  public CoseKey withKid(byte[] newKid) {
    return new CoseKey(type, newKid == null ? null : newKid.clone(), algorithm, baseIv, curve, x, y, ySign, d, crt);
  }

  /** The same key restricted to one algorithm. */
  public CoseKey withAlgorithm(CoseAlgorithm alg) {
    return new CoseKey(type, kid, alg, baseIv, curve, x, y, ySign, d, crt);
  }

  /** The same key with a base IV (for messages that send a partial IV). */
  public CoseKey withBaseIv(byte[] iv) {
    return new CoseKey(type, kid, algorithm, iv == null ? null : iv.clone(), curve, x, y, ySign, d, crt);
  }

  /** The public half of this key (the key itself for public keys; refused for symmetric keys). */
  public CoseKey publicOnly() throws CoseException {
    if (type == Type.SYMMETRIC) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "a symmetric key has no public half");
    }
    return new CoseKey(type, kid, algorithm, baseIv, curve, x, y, ySign, null, null);
  }

  /** Wraps JDK keys ({@code priv} may be null). */
  public static CoseKey fromJdk(PublicKey pub, PrivateKey priv) throws CoseException {
    try {
      if (pub instanceof ECPublicKey ec) {
        Curves c = curveOf(ec.getParams());
        byte[] dd = priv == null ? null : Curves.fixed(((ECPrivateKey) priv).getS(), c.size());
        return new CoseKey(Type.EC2, null, null, null, c, Curves.fixed(ec.getW().getAffineX(), c.size()),
            Curves.fixed(ec.getW().getAffineY(), c.size()), null, dd, null);
      }
      if (pub instanceof RSAPublicKey rsa) {
        if (priv instanceof RSAPrivateCrtKey p) {
          return rsa(rsa.getModulus(), rsa.getPublicExponent(), p.getPrivateExponent(), new BigInteger[] {
              p.getPrimeP(), p.getPrimeQ(), p.getPrimeExponentP(), p.getPrimeExponentQ(), p.getCrtCoefficient()});
        }
        return rsa(rsa.getModulus(), rsa.getPublicExponent(),
            priv == null ? null : ((java.security.interfaces.RSAPrivateKey) priv).getPrivateExponent(), null);
      }
      Curves c = OkpEncoding.curveOf(pub);
      if (c != null) {
        return new CoseKey(Type.OKP, null, null, null, c, OkpEncoding.rawPublic(pub, c), null, null,
            priv == null ? null : OkpEncoding.rawPrivate(priv, c), null);
      }
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "unusable key: " + e.getMessage(), e);
    }
    throw new CoseException(CoseException.Reason.WRONG_KEY, "unsupported key type " + pub.getAlgorithm());
  }

  /** Generates a key fit for {@code alg} (a signature curve, a MAC or AEAD secret, an ECDH curve). */
  public static CoseKey generate(CoseAlgorithm alg, SecureRandom random) throws CoseException {
    try {
      switch (alg) {
        case ES256: case ECDH_ES_HKDF_256: case ECDH_ES_HKDF_512: case ECDH_SS_HKDF_256: case ECDH_SS_HKDF_512:
        case ECDH_ES_A128KW: case ECDH_ES_A192KW: case ECDH_ES_A256KW: case ECDH_SS_A128KW: case ECDH_SS_A192KW:
        case ECDH_SS_A256KW:
          return generateEc("secp256r1", random);
        case ES384:
          return generateEc("secp384r1", random);
        case ES512:
          return generateEc("secp521r1", random);
        case EDDSA: {
          KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
          g.initialize(255, random);
          KeyPair kp = g.generateKeyPair();
          return fromJdk(kp.getPublic(), kp.getPrivate());
        }
        case PS256: case PS384: case PS512: case RSAES_OAEP_SHA_1: case RSAES_OAEP_SHA_256: case RSAES_OAEP_SHA_512: {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(2048, random);
          KeyPair kp = g.generateKeyPair();
          return fromJdk(kp.getPublic(), kp.getPrivate());
        }
        default: {
          int bits = alg.keyBits() > 0 ? alg.keyBits() : 256;
          byte[] k = new byte[bits / 8];
          random.nextBytes(k);
          return symmetric(k);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new CoseException(CoseException.Reason.UNSUPPORTED_ALGORITHM, "cannot generate a key for " + alg, e);
    }
  }

  private static CoseKey generateEc(String name, SecureRandom random) throws GeneralSecurityException, CoseException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(name), random);
    KeyPair kp = g.generateKeyPair();
    return fromJdk(kp.getPublic(), kp.getPrivate());
  }

  // ---- CBOR form

  /** Reads a COSE_Key from its CBOR map. */
  public static CoseKey fromCbor(CborMap m) throws CoseException {
    Type t = m.get(1) instanceof CborInt i ? Type.fromId(i.value()) : null;
    if (t == null) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "COSE_Key without a supported kty: " + CoseHeaders.show(m.get(1)));
    }
    byte[] kid = optBytes(m, 2);
    CoseAlgorithm alg = null;
    if (m.get(3) != null) {
      alg = m.get(3) instanceof CborInt a ? CoseAlgorithm.fromId(a.value()) : null;
      if (alg == null) {
        throw new CoseException(CoseException.Reason.UNSUPPORTED_ALGORITHM, "COSE_Key alg " + CoseHeaders.show(m.get(3)) + " is not supported");
      }
    }
    byte[] iv = optBytes(m, 5);
    CoseKey k;
    switch (t) {
      case SYMMETRIC -> k = symmetric(reqBytes(m, -1, "k"));
      case OKP -> {
        Curves c = curveParam(m);
        byte[] pub = optBytes(m, -2);
        byte[] priv = optBytes(m, -4);
        if (pub == null && priv == null) {
          throw new CoseException(CoseException.Reason.WRONG_KEY, "OKP key without x or d");
        }
        k = okp(c.displayName(), pub, priv);
      }
      case EC2 -> k = ec2FromCbor(m);
      default -> k = rsa(big(reqBytes(m, -1, "n")), big(reqBytes(m, -2, "e")), bigOpt(optBytes(m, -3)),
          m.get(-4) == null ? null : new BigInteger[] {big(reqBytes(m, -4, "p")), big(reqBytes(m, -5, "q")),
              big(reqBytes(m, -6, "dP")), big(reqBytes(m, -7, "dQ")), big(reqBytes(m, -8, "qInv"))});
    }
    return new CoseKey(k.type, kid, alg, iv, k.curve, k.x, k.y, k.ySign, k.d, k.crt);
  }

  private static CoseKey ec2FromCbor(CborMap m) throws CoseException {
    Curves c = curveParam(m);
    if (!c.isEc2()) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "EC2 key on the OKP curve " + c.displayName());
    }
    byte[] xx = reqBytes(m, -2, "x");
    CborValue yv = m.get(-3);
    byte[] dd = optBytes(m, -4);
    if (yv instanceof CborBytes yb) {
      return ec2(c.displayName(), xx, yb.bytes(), dd);
    }
    if (yv instanceof CborSimple s && (s == CborSimple.TRUE || s == CborSimple.FALSE)) {
      BigInteger yy = c.decompressY(new BigInteger(1, xx), s == CborSimple.TRUE);
      if (yy == null) {
        throw new CoseException(CoseException.Reason.WRONG_KEY, "EC2 point is not on " + c.displayName());
      }
      return ec2(c.displayName(), xx, Curves.fixed(yy, c.size()), dd);
    }
    if (yv == null && dd != null) {
      ECPoint q = c.publicPoint(new BigInteger(1, dd));
      return ec2(c.displayName(), Curves.fixed(q.getAffineX(), c.size()), Curves.fixed(q.getAffineY(), c.size()), dd);
    }
    throw new CoseException(CoseException.Reason.WRONG_KEY, "EC2 key without y");
  }

  /** Reads a COSE_Key from its CBOR encoding. */
  public static CoseKey decode(byte[] cbor) throws CoseException {
    try {
      CborValue v = new CborReader(new CborOptions().setMaxInputBytes(64 * 1024)).decode(cbor);
      if (!(v instanceof CborMap m)) {
        throw new CoseException(CoseException.Reason.MALFORMED, "a COSE_Key is a map, not a " + v.kind());
      }
      return fromCbor(m);
    } catch (CborException e) {
      throw new CoseException(CoseException.Reason.MALFORMED, "COSE_Key: " + e.getMessage(), e);
    }
  }

  /** The CBOR map (private parts included when present). */
  public CborMap toCbor() {
    CborMap.Builder b = CborMap.builder().put(1, new CborInt(type.id));
    if (kid != null) {
      b.put(2, CborBytes.wrap(kid.clone()));
    }
    if (algorithm != null) {
      b.put(3, new CborInt(algorithm.id()));
    }
    if (baseIv != null) {
      b.put(5, CborBytes.wrap(baseIv.clone()));
    }
    switch (type) {
      case SYMMETRIC -> b.put(-1, CborBytes.wrap(d.clone()));
      case OKP -> {
        b.put(-1, new CborInt(curve.id())).put(-2, CborBytes.wrap(x.clone()));
        if (d != null) {
          b.put(-4, CborBytes.wrap(d.clone()));
        }
      }
      case EC2 -> {
        b.put(-1, new CborInt(curve.id())).put(-2, CborBytes.wrap(x.clone()));
        b.put(-3, y != null ? CborBytes.wrap(y.clone()) : CborValue.of(ySign));
        if (d != null) {
          b.put(-4, CborBytes.wrap(d.clone()));
        }
      }
      default -> {
        b.put(-1, CborBytes.wrap(x.clone())).put(-2, CborBytes.wrap(y.clone()));
        if (d != null) {
          b.put(-3, CborBytes.wrap(d.clone()));
        }
        if (crt != null) {
          for (int i = 0; i < 5; i++) {
            b.put(-4 - i, CborBytes.wrap(crt[i].clone()));
          }
        }
      }
    }
    return b.build();
  }

  /** The deterministic CBOR encoding. */
  public byte[] encode() {
    return CborWriter.deterministic().encode(toCbor());
  }

  // ---- accessors

  public Type type() {
    return type;
  }

  /** Key id, or null. */
  public byte[] kid() {
    return kid == null ? null : kid.clone();
  }

  /** The only algorithm this key may be used with, or null for any fitting one. */
  public CoseAlgorithm algorithm() {
    return algorithm;
  }

  /** Base IV, or null. */
  public byte[] baseIv() {
    return baseIv == null ? null : baseIv.clone();
  }

  /** Curve name ("P-256", "Ed25519"...), or null for RSA and symmetric keys. */
  public String curveName() {
    return curve == null ? null : curve.displayName();
  }

  /** The curve, for the implementation. */
  public Curves curve() {
    return curve;
  }

  public boolean hasPrivate() {
    return d != null;
  }

  /** The symmetric secret (a copy). */
  public byte[] secret() throws CoseException {
    if (type != Type.SYMMETRIC) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "expected a symmetric key, got " + type);
    }
    return d.clone();
  }

  /** OKP public bytes or EC2 coordinates, for the implementation. */
  public byte[] rawX() {
    return x == null ? null : x.clone();
  }

  /** EC2 y coordinate, for the implementation. */
  public byte[] rawY() {
    return y == null ? null : y.clone();
  }

  /** OKP or EC2 private bytes, for the implementation. */
  public byte[] rawD() {
    return d == null ? null : d.clone();
  }

  /** The JDK public key. */
  public PublicKey publicKey() throws CoseException {
    try {
      switch (type) {
        case EC2 -> {
          ECParameterSpec p = curve.ecParameters();
          ECPoint w = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
          return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p));
        }
        case OKP -> {
          return OkpEncoding.publicKey(curve, x);
        }
        case RSA -> {
          return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(big(x), big(y)));
        }
        default -> throw new CoseException(CoseException.Reason.WRONG_KEY, "a symmetric key has no public key");
      }
    } catch (GeneralSecurityException e) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "unusable " + type + " public key: " + e.getMessage(), e);
    }
  }

  /** The JDK private key. */
  public PrivateKey privateKey() throws CoseException {
    if (d == null || type == Type.SYMMETRIC) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "the " + type + " key has no private part");
    }
    try {
      switch (type) {
        case EC2 -> {
          return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), curve.ecParameters()));
        }
        case OKP -> {
          return OkpEncoding.privateKey(curve, d);
        }
        default -> {
          KeyFactory f = KeyFactory.getInstance("RSA");
          if (crt != null) {
            return f.generatePrivate(new RSAPrivateCrtKeySpec(big(x), big(y), big(d), big(crt[0]), big(crt[1]),
                big(crt[2]), big(crt[3]), big(crt[4])));
          }
          return f.generatePrivate(new RSAPrivateKeySpec(big(x), big(d)));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "unusable " + type + " private key: " + e.getMessage(), e);
    }
  }

  // ---- helpers

  private void checkOnCurve() throws CoseException {
    if (x.length != curve.size() || y.length != curve.size()
        || !curve.contains(new BigInteger(1, x), new BigInteger(1, y))) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "EC2 point is not on " + curve.displayName());
    }
  }

  private static Curves curveOf(ECParameterSpec params) throws CoseException {
    int bits = params.getCurve().getField().getFieldSize();
    return switch (bits) {
      case 256 -> Curves.P_256;
      case 384 -> Curves.P_384;
      case 521 -> Curves.P_521;
      default -> throw new CoseException(CoseException.Reason.WRONG_KEY, "EC curve of " + bits + " bits is not supported");
    };
  }

  private static Curves curveParam(CborMap m) throws CoseException {
    Curves c = m.get(-1) instanceof CborInt i ? Curves.fromId(i.value()) : null;
    if (c == null) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "unsupported curve " + m.get(-1));
    }
    return c;
  }

  private static byte[] optBytes(CborMap m, long label) throws CoseException {
    CborValue v = m.get(label);
    if (v == null) {
      return null;
    }
    if (v instanceof CborBytes b) {
      return b.bytes();
    }
    if (label == 2 && v instanceof CborText t) {
      return t.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    throw new CoseException(CoseException.Reason.WRONG_KEY, "COSE_Key parameter " + label + " must be a byte string");
  }

  private static byte[] reqBytes(CborMap m, long label, String name) throws CoseException {
    byte[] b = optBytes(m, label);
    if (b == null) {
      throw new CoseException(CoseException.Reason.WRONG_KEY, "COSE_Key lacks " + name + " (" + label + ")");
    }
    return b;
  }

  private static BigInteger big(byte[] b) {
    return new BigInteger(1, b);
  }

  private static BigInteger bigOpt(byte[] b) {
    return b == null ? null : big(b);
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoseKey k && type == k.type && curve == k.curve && Arrays.equals(kid, k.kid)
        && algorithm == k.algorithm && Arrays.equals(x, k.x) && Arrays.equals(y, k.y) && Objects.equals(ySign, k.ySign)
        && Arrays.equals(d, k.d) && Arrays.equals(baseIv, k.baseIv);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, curve, algorithm, Arrays.hashCode(x), Arrays.hashCode(kid));
  }

  @Override
  public String toString() {
    return "CoseKey(" + type + (curve != null ? " " + curve.displayName() : "")
        + (kid != null ? " kid=" + new String(kid, java.nio.charset.StandardCharsets.UTF_8) : "")
        + (d != null ? (type == Type.SYMMETRIC ? " secret" : " with private part") : " public") + ")";
  }
}
