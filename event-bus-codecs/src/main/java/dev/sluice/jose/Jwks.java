package dev.sluice.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseKey;
import dev.sluice.cose.impl.Curves;
import dev.sluice.cose.impl.OkpEncoding;
import dev.sluice.jose.JoseException.Reason;
import dev.sluice.jose.impl.Pem;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * JWKs and JWK sets: read from JSON or PEM, generated, written as PEM, converted to and from
 * {@link CoseKey}. Input is bounded ({@link #MAX_INPUT_CHARS}) and refused with a
 * {@link JoseException} when it is not a key.
 */
public final class Jwks {
  private Jwks() {}

  /** Largest key file accepted, in characters. */
  public static final int MAX_INPUT_CHARS = 1024 * 1024;

  /** Reads a JWK set from JSON ({@code {"keys": [...]}}, or a single JWK) or from PEM blocks. */
  public static JWKSet read(String text) throws JoseException {
    if (text.length() > MAX_INPUT_CHARS) {
      throw new JoseException(Reason.MALFORMED, "key input of " + text.length() + " characters exceeds limit " + MAX_INPUT_CHARS);
    }
    String t = text.strip();
    if (t.startsWith("-----BEGIN")) {
      List<JWK> keys = new ArrayList<>();
      for (Pem.KeyPairPem k : Pem.read(t)) {
        keys.add(fromJdk(k.publicKey(), k.privateKey()));
      }
      return new JWKSet(keys);
    }
    try {
      java.util.Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(t);
      if (json.containsKey("keys")) {
        return JWKSet.parse(json);
      }
      return new JWKSet(JWK.parse(json));
    } catch (ParseException | RuntimeException e) {
      throw new JoseException(Reason.MALFORMED, "not a JWK or JWK set: " + e.getMessage());
    }
  }

  /** Reads exactly one key. */
  public static JWK readOne(String text) throws JoseException {
    List<JWK> keys = read(text).getKeys();
    if (keys.size() != 1) {
      throw new JoseException(Reason.MALFORMED, "expected one key, found " + keys.size());
    }
    return keys.get(0);
  }

  /** A JWK for JDK keys ({@code priv} may be null). */
  public static JWK fromJdk(PublicKey pub, PrivateKey priv) throws JoseException {
    if (pub instanceof RSAPublicKey rsa) {
      RSAKey.Builder b = new RSAKey.Builder(rsa);
      if (priv != null) {
        b.privateKey((RSAPrivateKey) priv);
      }
      return b.build();
    }
    if (pub instanceof ECPublicKey ec) {
      ECKey.Builder b = new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec);
      if (priv != null) {
        b.privateKey((ECPrivateKey) priv);
      }
      return b.build();
    }
    Curves c = OkpEncoding.curveOf(pub);
    if (c == null) {
      throw new JoseException(Reason.WRONG_KEY, "unsupported key type " + pub.getAlgorithm());
    }
    OctetKeyPair.Builder b = new OctetKeyPair.Builder(Curve.parse(c.displayName()),
        Base64URL.encode(OkpEncoding.rawPublic(pub, c)));
    if (priv != null) {
      try {
        b.d(Base64URL.encode(OkpEncoding.rawPrivate(priv, c)));
      } catch (java.security.GeneralSecurityException e) {
        throw new JoseException(Reason.WRONG_KEY, "unusable private key", e);
      }
    }
    return b.build();
  }

  /**
   * Generates a key: {@code EC} (curve P-256, P-384, P-521), {@code OKP} (Ed25519, X25519),
   * {@code RSA} (bits, at least 2048) or {@code oct} (bits).
   */
  public static JWK generate(String kty, String curveOrBits, String kid) throws JoseException {
    try {
      JWK k = switch (kty) {
        case "EC" -> new ECKeyGenerator(Curve.parse(curveOrBits == null ? "P-256" : curveOrBits)).keyID(kid).generate();
        case "OKP" -> new OctetKeyPairGenerator(Curve.parse(curveOrBits == null ? "Ed25519" : curveOrBits)).keyID(kid).generate();
        case "RSA" -> new RSAKeyGenerator(curveOrBits == null ? 2048 : Integer.parseInt(curveOrBits)).keyID(kid).generate();
        case "oct" -> new OctetSequenceKeyGenerator(curveOrBits == null ? 256 : Integer.parseInt(curveOrBits)).keyID(kid).generate();
        default -> throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "unknown key type " + kty + " (EC, OKP, RSA, oct)");
      };
      return k;
    } catch (JOSEException | IllegalArgumentException e) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "cannot generate a " + kty + " key (" + curveOrBits + "): "
          + e.getMessage(), e);
    }
  }

  /** PEM text of a key: the private key (PKCS#8) when it has one, else the public key. */
  public static String toPem(JWK jwk, boolean includePrivate) throws JoseException {
    CoseKey k = toCoseKey(jwk);
    try {
      if (includePrivate && k.hasPrivate()) {
        return Pem.write(k.privateKey());
      }
      return Pem.write(k.publicKey());
    } catch (CoseException e) {
      throw new JoseException(Reason.WRONG_KEY, e.getMessage(), e);
    }
  }

  /** The same key as a COSE_Key (kid and, for known algorithms, nothing else carried over). */
  public static CoseKey toCoseKey(JWK jwk) throws JoseException {
    try {
      CoseKey k;
      if (jwk instanceof OctetSequenceKey oct) {
        k = CoseKey.symmetric(oct.toByteArray());
      } else if (jwk instanceof ECKey ec) {
        k = CoseKey.ec2(ec.getCurve().getName(), ec.getX().decode(), ec.getY().decode(),
            ec.getD() == null ? null : ec.getD().decode());
      } else if (jwk instanceof OctetKeyPair okp) {
        k = CoseKey.okp(okp.getCurve().getName(), okp.getX().decode(), okp.getD() == null ? null : okp.getD().decode());
      } else if (jwk instanceof RSAKey rsa) {
        k = CoseKey.fromJdk(rsa.toRSAPublicKey(), rsa.isPrivate() ? rsa.toRSAPrivateKey() : null);
      } else {
        throw new JoseException(Reason.WRONG_KEY, "unsupported JWK type " + jwk.getKeyType());
      }
      return jwk.getKeyID() == null ? k : k.withKid(jwk.getKeyID().getBytes(StandardCharsets.UTF_8));
    } catch (CoseException | JOSEException e) {
      throw new JoseException(Reason.WRONG_KEY, "unusable JWK: " + e.getMessage(), e);
    }
  }

  /** A JWK for a COSE_Key. */
  public static JWK fromCoseKey(CoseKey key) throws JoseException {
    try {
      JWK jwk = key.type() == CoseKey.Type.SYMMETRIC ? new OctetSequenceKey.Builder(key.secret()).build()
          : fromJdk(key.publicKey(), key.hasPrivate() ? key.privateKey() : null);
      if (key.kid() == null) {
        return jwk;
      }
      java.util.Map<String, Object> json = new java.util.LinkedHashMap<>(jwk.toJSONObject());
      json.put("kid", new String(key.kid(), StandardCharsets.UTF_8));
      return JWK.parse(json);
    } catch (CoseException | ParseException e) {
      throw new JoseException(Reason.WRONG_KEY, "unusable COSE_Key: " + e.getMessage(), e);
    }
  }

  /** True when the key may sign or verify ({@code use} absent or "sig"). */
  static boolean forSignatures(JWK k) {
    return k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse());
  }
}
