package dev.sluice.jose;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.sluice.jose.JoseException.Reason;
import dev.sluice.jose.impl.JoseKeys;
import dev.sluice.jose.impl.JweKeys;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decrypts compact JWE with a set of private (or secret) keys. The header's {@code alg} and
 * {@code enc} must be on the allow-lists, a key is tried only when its type fits {@code alg} and
 * its {@code kid} matches the header's (when both have one), and compressed content ({@code zip})
 * is refused (compression before encryption leaks the plaintext's redundancy, and inflating is a
 * decompression bomb waiting to happen). Thread-safe.
 */
public final class JweDecrypter {
  /** Largest serialized JWE accepted, in characters. */
  public static final int DEFAULT_MAX_CHARS = 1024 * 1024;

  private final List<JWK> keys = new ArrayList<>();
  private final Map<JWK, com.nimbusds.jose.JWEDecrypter> decrypters = new IdentityHashMap<>();
  private final Set<JWEAlgorithm> algorithms;
  private final Set<EncryptionMethod> encryptions;
  private final int maxChars;

  /** A decrypter for every supported algorithm. */
  public JweDecrypter(JWKSet keys) throws JoseException {
    this(keys, JweKeys.SUPPORTED_ALGORITHMS, JweKeys.SUPPORTED_ENCRYPTION, DEFAULT_MAX_CHARS);
  }

  /** A decrypter for the algorithms allowed, each of which must be supported. */
  public JweDecrypter(JWKSet keys, Set<JWEAlgorithm> algorithms, Set<EncryptionMethod> encryptions, int maxChars)
      throws JoseException {
    for (JWEAlgorithm a : algorithms) {
      if (!JweKeys.SUPPORTED_ALGORITHMS.contains(a)) {
        throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE algorithm " + a + " cannot be allowed");
      }
    }
    for (EncryptionMethod e : encryptions) {
      if (!JweKeys.SUPPORTED_ENCRYPTION.contains(e)) {
        throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE content encryption " + e + " cannot be allowed");
      }
    }
    for (JWK k : keys.getKeys()) {
      if (k.getKeyUse() == null || k.getKeyUse().equals(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)) {
        this.keys.add(k);
        decrypters.put(k, JweKeys.decrypter(k));
      }
    }
    if (this.keys.isEmpty()) {
      throw new JoseException(Reason.NO_MATCHING_KEY, "no key for decryption (none, or all marked \"use\": \"sig\")");
    }
    this.algorithms = Set.copyOf(algorithms);
    this.encryptions = Set.copyOf(encryptions);
    this.maxChars = maxChars;
  }

  /** Decrypts a compact JWE. */
  public DecryptedJwe decrypt(String jwe) throws JoseException {
    if (jwe.length() > maxChars) {
      throw new JoseException(Reason.MALFORMED, "JWE of " + jwe.length() + " characters exceeds limit " + maxChars);
    }
    String s = jwe.strip();
    try {
      return decryptCompact(s);
    } catch (JoseException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new JoseException(Reason.MALFORMED, "malformed JWE: " + e.getMessage(), e);
    }
  }

  private DecryptedJwe decryptCompact(String s) throws JoseException {
    if (s.startsWith("{")) {
      throw new JoseException(Reason.MALFORMED, "only the compact JWE serialization is accepted");
    }
    int parts = s.split("\\.", -1).length;
    if (parts != 5) {
      throw new JoseException(Reason.MALFORMED, "a compact JWE has five dot-separated parts, this has " + parts);
    }
    refuseUnsupportedHeader(s.substring(0, s.indexOf('.')));
    JWEObject jwe;
    try {
      jwe = JWEObject.parse(s);
    } catch (ParseException e) {
      throw new JoseException(Reason.MALFORMED, "malformed JWE: " + e.getMessage());
    }
    JWEHeader h = jwe.getHeader();
    if (h.getCompressionAlgorithm() != null) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "compressed JWE (zip \"" + h.getCompressionAlgorithm()
          + "\") refused");
    }
    if (!algorithms.contains(h.getAlgorithm())) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE algorithm " + h.getAlgorithm() + " is not allowed");
    }
    if (!encryptions.contains(h.getEncryptionMethod())) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE content encryption " + h.getEncryptionMethod()
          + " is not allowed");
    }
    String kid = h.getKeyID();
    List<JWK> named = JoseKeys.named(keys, kid);
    if (named.isEmpty()) {
      throw new JoseException(Reason.NO_MATCHING_KEY, "no decryption key with kid \"" + kid + "\"");
    }
    boolean tried = false;
    for (JWK k : named) {
      if (!JweKeys.fits(k, h.getAlgorithm(), h.getEncryptionMethod())) {
        continue;
      }
      tried = true;
      try {
        // Nimbus keeps the plaintext in the object: parse afresh for each key tried.
        JWEObject attempt = JWEObject.parse(s);
        attempt.decrypt(decrypters.get(k));
        return new DecryptedJwe(attempt.getPayload().toBytes(), h, k);
      } catch (JOSEException | ParseException e) {
        // not this key: try the next one
      }
    }
    if (!tried) {
      throw new JoseException(Reason.WRONG_KEY, "JWE algorithm " + h.getAlgorithm() + " with " + h.getEncryptionMethod()
          + " does not fit the type of any key" + (kid != null ? " with kid \"" + kid + "\"" : "") + " ("
          + named.get(0).getKeyType() + JoseKeys.kidText(named.get(0)) + "): refused");
    }
    throw new JoseException(Reason.VERIFICATION_FAILED, "JWE " + h.getAlgorithm() + "/" + h.getEncryptionMethod()
        + " does not decrypt: tampered, or not encrypted to these keys");
  }

  /** Names an unsecured or unknown-algorithm header clearly, before Nimbus' generic parse error. */
  private static void refuseUnsupportedHeader(String headerPart) throws JoseException {
    Map<String, Object> h;
    try {
      h = JSONObjectUtils.parse(new Base64URL(headerPart).decodeToString());
    } catch (ParseException | RuntimeException e) {
      throw new JoseException(Reason.MALFORMED, "the JWE header is not base64url JSON");
    }
    Object alg = h.get("alg");
    if (!(alg instanceof String a) || a.isEmpty()) {
      throw new JoseException(Reason.MALFORMED, "the JWE header has no \"alg\"");
    }
    if ("none".equalsIgnoreCase(a)) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWE with alg \"none\" refused");
    }
    if (!(h.get("enc") instanceof String)) {
      throw new JoseException(Reason.MALFORMED, "the JWE header has no \"enc\"");
    }
  }
}
