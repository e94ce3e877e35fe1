package dev.sluice.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.sluice.jose.JoseException.Reason;
import dev.sluice.jose.impl.JoseKeys;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies JWS (compact, or JSON general and flattened) against a set of trusted keys. A key is
 * tried only when its type fits the algorithm of the header (so an HS256 token never meets an
 * RSA or EC key), when its {@code kid} matches the header's (if both have one), and when the
 * algorithm is allowed. {@code alg: none} is refused. Thread-safe; verifiers are built once.
 */
public final class JwsVerifier {
  /** Largest serialized JWS accepted, in characters. */
  public static final int DEFAULT_MAX_CHARS = 1024 * 1024;

  /** The trusted keys usable for signatures. */
  private final List<JWK> keys;
  /** Nimbus verifier of each key, built once. */
  private final Map<JWK, JWSVerifier> verifiers = new IdentityHashMap<>();
  /** Algorithms accepted. */
  private final Set<JWSAlgorithm> allowed;
  /** Largest input accepted. */
  private final int maxChars;

  /** A verifier for every supported algorithm. */
  public JwsVerifier(JWKSet trusted) throws JoseException {
    this(trusted, JoseKeys.SUPPORTED, DEFAULT_MAX_CHARS);
  }

  public JwsVerifier(JWKSet trusted, Set<JWSAlgorithm> allowed, int maxChars) throws JoseException {
    this.keys = new ArrayList<>();
    for (JWK k : trusted.getKeys()) {
      if (Jwks.forSignatures(k)) {
        keys.add(k);
        verifiers.put(k, JoseKeys.verifier(k));
      }
    }
    for (JWSAlgorithm a : allowed) {
      if (!JoseKeys.SUPPORTED.contains(a)) {
        throw new IllegalArgumentException("algorithm " + a + " cannot be allowed");
      }
    }
    this.allowed = Set.copyOf(allowed);
    this.maxChars = maxChars;
  }

  /** Verifies a JWS that carries its payload. */
  public VerifiedJws verify(String jws) throws JoseException {
    return verify(jws, null);
  }

  /**
   * Verifies a JWS; {@code detachedPayload} is the payload of a JWS sent without it (RFC 7515
   * appendix F), or null.
   */
  public VerifiedJws verify(String jws, byte[] detachedPayload) throws JoseException {
    if (jws.length() > maxChars) {
      throw new JoseException(Reason.MALFORMED, "JWS of " + jws.length() + " characters exceeds limit " + maxChars);
    }
    String s = jws.strip();
    try {
      return s.startsWith("{") ? verifyJson(s, detachedPayload) : verifyCompact(s, detachedPayload);
    } catch (JoseException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new JoseException(Reason.MALFORMED, "malformed JWS: " + e.getMessage(), e);
    }
  }

  private VerifiedJws verifyCompact(String s, byte[] detached) throws JoseException {
    JWSObject jws;
    try {
      int dot = s.indexOf('.');
      if (dot < 0 || s.indexOf('.', dot + 1) < 0 || s.indexOf('.', s.indexOf('.', dot + 1) + 1) >= 0) {
        throw new JoseException(Reason.MALFORMED, "a compact JWS has three dot-separated parts");
      }
      if (detached != null && s.charAt(s.indexOf('.') + 1) == '.') {
        jws = JWSObject.parse(s, new Payload(detached));
      } else {
        jws = JWSObject.parse(s);
      }
    } catch (ParseException e) {
      refuseUnsecured(s.substring(0, Math.max(0, s.indexOf('.'))));
      throw new JoseException(Reason.MALFORMED, "malformed JWS: " + e.getMessage());
    }
    return check(jws.getHeader(), jws.getSigningInput(), jws.getSignature(), jws.getPayload(), detached,
        (v) -> jws.verify(v));
  }

  private VerifiedJws verifyJson(String s, byte[] detached) throws JoseException {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(s);
      if (detached != null && !json.containsKey("payload")) {
        json.put("payload", Base64URL.encode(detached).toString());
      }
    } catch (ParseException e) {
      throw new JoseException(Reason.MALFORMED, "JWS JSON serialization is not JSON: " + e.getMessage());
    }
    JWSObjectJSON obj;
    try {
      obj = JWSObjectJSON.parse(json);
    } catch (ParseException e) {
      refuseUnsecuredJson(json);
      throw new JoseException(Reason.MALFORMED, "malformed JWS JSON serialization: " + e.getMessage());
    }
    JoseException first = null;
    for (JWSObjectJSON.Signature sig : obj.getSignatures()) {
      try {
        return check(sig.getHeader(), null, sig.getSignature(), obj.getPayload(), null, sig::verify);
      } catch (JoseException e) {
        first = first == null ? e : first;
      }
    }
    throw first != null ? first : new JoseException(Reason.MALFORMED, "the JWS has no signature");
  }

  /** One signature check on the header's algorithm and the fitting keys. */
  private VerifiedJws check(JWSHeader header, byte[] signingInput, Base64URL signature, Payload payload,
      byte[] detached, VerifyCall call) throws JoseException {
    JWSAlgorithm alg = header.getAlgorithm();
    if (!allowed.contains(alg)) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWS algorithm " + alg + " is not allowed");
    }
    String kid = header.getKeyID();
    List<JWK> named = JoseKeys.named(keys, kid);
    if (named.isEmpty()) {
      throw new JoseException(Reason.NO_MATCHING_KEY, "no trusted key with kid \"" + kid + "\"");
    }
    boolean tried = false;
    for (JWK k : named) {
      if (!JoseKeys.fits(k, alg)) {
        continue;
      }
      tried = true;
      try {
        if (call.verify(verifiers.get(k))) {
          return new VerifiedJws(payload.toBytes(), header, k);
        }
      } catch (JOSEException e) {
        // a key that cannot check this signature: try the next one
      }
    }
    if (!tried) {
      throw new JoseException(Reason.WRONG_KEY, "JWS algorithm " + alg + " does not fit the type of any trusted key"
          + (kid != null ? " with kid \"" + kid + "\"" : "") + " (" + named.get(0).getKeyType() + "): refused");
    }
    throw new JoseException(Reason.VERIFICATION_FAILED, "JWS " + alg + " signature does not verify");
  }

  /** One verification through Nimbus. */
  private interface VerifyCall {
    boolean verify(JWSVerifier v) throws JOSEException;
  }

  private static void refuseUnsecured(String headerPart) throws JoseException {
    try {
      Map<String, Object> h = JSONObjectUtils.parse(new Base64URL(headerPart).decodeToString());
      if ("none".equalsIgnoreCase(String.valueOf(h.get("alg")))) {
        throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "unsecured JWS (alg \"none\") refused");
      }
    } catch (ParseException | RuntimeException e) {
      // not even a JSON header: reported as malformed by the caller
    }
  }

  private static void refuseUnsecuredJson(Map<String, Object> json) throws JoseException {
    Object prot = json.get("protected");
    if (prot instanceof String p) {
      refuseUnsecured(p);
    }
    if (json.get("signatures") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && m.get("protected") instanceof String p) {
          refuseUnsecured(p);
        }
      }
    }
  }
}
