package dev.sluice.jose.impl;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.JoseException.Reason;
import java.util.Set;

/**
 * Which JWS algorithms a key may serve, and Nimbus signers and verifiers for it. A key only ever
 * serves the algorithms of its own type: this is the defence against algorithm confusion.
 */
public final class JoseKeys {
  private JoseKeys() {}

  /** Every JWS algorithm Sluice accepts. {@code none} is not one of them. */
  public static final Set<JWSAlgorithm> SUPPORTED = Set.of(
      JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512,
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
      JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  /** True when {@code key} may serve {@code alg}. */
  public static boolean fits(JWK key, JWSAlgorithm alg) {
    Algorithm restricted = key.getAlgorithm();
    if (restricted != null && !restricted.getName().equals(alg.getName())) {
      return false;
    }
    if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
      return key instanceof OctetSequenceKey;
    }
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      return key instanceof RSAKey;
    }
    if (alg.equals(JWSAlgorithm.ES256)) {
      return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
    }
    if (alg.equals(JWSAlgorithm.ES384)) {
      return key instanceof ECKey ec && Curve.P_384.equals(ec.getCurve());
    }
    if (alg.equals(JWSAlgorithm.ES512)) {
      return key instanceof ECKey ec && Curve.P_521.equals(ec.getCurve());
    }
    if (alg.equals(JWSAlgorithm.EdDSA) || alg.equals(JWSAlgorithm.Ed25519)) {
      return key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
    }
    return false;
  }

  /** A verifier for a key that {@link #fits} the algorithm. */
  public static JWSVerifier verifier(JWK key) throws JoseException {
    try {
      if (key instanceof OctetSequenceKey oct) {
        return new MACVerifier(oct);
      }
      if (key instanceof RSAKey rsa) {
        return new RSASSAVerifier(rsa.toPublicJWK());
      }
      if (key instanceof ECKey ec) {
        return new ECDSAVerifier(ec.toPublicJWK());
      }
      if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
        return new Ed25519Verifier(okp.toPublicJWK());
      }
    } catch (JOSEException e) {
      throw new JoseException(Reason.WRONG_KEY, "unusable " + key.getKeyType() + " key: " + e.getMessage(), e);
    }
    throw new JoseException(Reason.WRONG_KEY, "no JWS verifier for a " + key.getKeyType() + " key");
  }

  /** A signer for a private (or secret) key. */
  public static JWSSigner signer(JWK key) throws JoseException {
    try {
      if (key instanceof OctetSequenceKey oct) {
        return new MACSigner(oct);
      }
      if (!key.isPrivate()) {
        throw new JoseException(Reason.WRONG_KEY, "signing needs a private key; the " + key.getKeyType() + " key is public");
      }
      if (key instanceof RSAKey rsa) {
        return new RSASSASigner(rsa);
      }
      if (key instanceof ECKey ec) {
        return new ECDSASigner(ec);
      }
      if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
        return new Ed25519Signer(okp);
      }
    } catch (JOSEException e) {
      throw new JoseException(Reason.WRONG_KEY, "unusable " + key.getKeyType() + " key: " + e.getMessage(), e);
    }
    throw new JoseException(Reason.WRONG_KEY, "no JWS signer for a " + key.getKeyType() + " key");
  }

  /** The usual algorithm for a key: HS256, RS256, ES256/384/512, EdDSA. */
  public static JWSAlgorithm defaultAlgorithm(JWK key) throws JoseException {
    if (key.getAlgorithm() != null) {
      return JWSAlgorithm.parse(key.getAlgorithm().getName());
    }
    if (key instanceof OctetSequenceKey) {
      return JWSAlgorithm.HS256;
    }
    if (key instanceof RSAKey) {
      return JWSAlgorithm.RS256;
    }
    if (key instanceof ECKey ec) {
      Curve c = ec.getCurve();
      return Curve.P_384.equals(c) ? JWSAlgorithm.ES384 : Curve.P_521.equals(c) ? JWSAlgorithm.ES512 : JWSAlgorithm.ES256;
    }
    if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return JWSAlgorithm.EdDSA;
    }
    throw new JoseException(Reason.WRONG_KEY, "no signature algorithm for a " + key.getKeyType() + " key");
  }

  /** " (kid \"x\")", or nothing: names a key in a message without showing any of it. */
  public static String kidText(JWK key) {
    return key.getKeyID() == null ? "" : " (kid \"" + key.getKeyID() + "\")";
  }

  /** The keys that may be meant by a header's {@code kid}: those with that kid, or any when either has none. */
  public static java.util.List<JWK> named(java.util.List<JWK> keys, String kid) {
    java.util.List<JWK> named = new java.util.ArrayList<>();
    for (JWK k : keys) {
      if (kid == null || k.getKeyID() == null || kid.equals(k.getKeyID())) {
        named.add(k);
      }
    }
    return named;
  }
}
