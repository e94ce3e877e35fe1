package dev.sluice.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.jose.JoseException.Reason;
import dev.sluice.jose.impl.JoseKeys;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs payloads as JWS with one private (or secret) key: HS256/384/512 with an {@code oct} key,
 * RS256/384/512 and PS256/384/512 with an RSA key, ES256/384/512 with an EC key on the matching
 * curve, EdDSA with an Ed25519 key. The protected header carries {@code alg} and the key's
 * {@code kid}, if it has one. Output in the compact serialization, or the JSON one (flattened, or
 * general with several signers). Thread-safe.
 */
public final class JwsSigner {

  private final JWK key;
  private final JWSAlgorithm alg;
  private final com.nimbusds.jose.JWSSigner signer;

  /** A signer with the key's usual algorithm (its {@code alg}, else HS256, RS256, ES256/384/512 or EdDSA). */
  public JwsSigner(JWK key) throws JoseException {
    this(key, JoseKeys.defaultAlgorithm(key));
  }

  /** A signer for {@code alg}; refused unless the algorithm is supported and fits the key's type. */
  public JwsSigner(JWK key, JWSAlgorithm alg) throws JoseException {
    if (alg == null || !JoseKeys.SUPPORTED.contains(alg)) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWS algorithm " + alg + " is not supported"
          + ("none".equalsIgnoreCase(String.valueOf(alg)) ? " (unsecured JWS are never made)" : ""));
    }
    if (!JoseKeys.fits(key, alg)) {
      throw new JoseException(Reason.WRONG_KEY, "a " + key.getKeyType() + " key" + JoseKeys.kidText(key) + " cannot sign " + alg
          + (key.getAlgorithm() != null ? " (the key is for " + key.getAlgorithm() + ")" : ""));
    }
    this.key = key;
    this.alg = alg;
    this.signer = JoseKeys.signer(key);
  }

  /** Parses an algorithm name ("ES256"), refusing names that are not supported. */
  public static JWSAlgorithm algorithm(String name) throws JoseException {
    JWSAlgorithm a = JWSAlgorithm.parse(name);
    if (!JoseKeys.SUPPORTED.contains(a)) {
      throw new JoseException(Reason.UNSUPPORTED_ALGORITHM, "JWS algorithm \"" + name + "\" is not supported (one of "
          + "HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA)");
    }
    return a;
  }

  public JWSAlgorithm algorithm() {
    return alg;
  }

  /** The compact serialization of a JWS over {@code payload}. */
  public String sign(byte[] payload) throws JoseException {
    return sign(payload, null);
  }

  /** The compact serialization, with a {@code typ} header (e.g. "JWT") when {@code type} is not null. */
  public String sign(byte[] payload, String type) throws JoseException {
    JWSObject jws = new JWSObject(header(type), new Payload(payload));
    try {
      jws.sign(signer);
    } catch (JOSEException | RuntimeException e) {
      throw failed(e);
    }
    return jws.serialize();
  }

  /** A signed JWT ({@code typ: JWT}) carrying {@code claims}. */
  public String signJwt(JWTClaimsSet claims) throws JoseException {
    return sign(claims.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "JWT");
  }

  /** The JSON serialization: flattened ({@code protected}, {@code payload}, {@code signature}) or general. */
  public String signJson(byte[] payload, boolean flattened) throws JoseException {
    JWSObjectJSON jws = signedJson(payload, List.of(this));
    return flattened ? jws.serializeFlattened() : jws.serializeGeneral();
  }

  /** The general JSON serialization with one signature per signer, in order. */
  public static String signJson(byte[] payload, List<JwsSigner> signers) throws JoseException {
    if (signers.isEmpty()) {
      throw new JoseException(Reason.WRONG_KEY, "a JWS needs at least one signer");
    }
    return signedJson(payload, signers).serializeGeneral();
  }

  private static JWSObjectJSON signedJson(byte[] payload, List<JwsSigner> signers) throws JoseException {
    JWSObjectJSON jws = new JWSObjectJSON(new Payload(payload));
    for (JwsSigner s : signers) {
      try {
        jws.sign(s.header(null), s.signer);
      } catch (JOSEException | RuntimeException e) {
        throw failed(e);
      }
    }
    return jws;
  }

  /**
   * The protected header with its members in a fixed order (alg, kid, typ, as RFC 7520's examples
   * have them), so that deterministic algorithms give the same bytes every time.
   */
  private JWSHeader header(String type) throws JoseException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("alg", alg.getName());
    if (key.getKeyID() != null) {
      json.put("kid", key.getKeyID());
    }
    if (type != null) {
      json.put("typ", type);
    }
    try {
      return JWSHeader.parse(Base64URL.encode(JSONObjectUtils.toJSONString(json)));
    } catch (ParseException e) {
      throw new JoseException(Reason.MALFORMED, "cannot build the JWS header: " + e.getMessage(), e);
    }
  }

  private static JoseException failed(Exception e) {
    return new JoseException(Reason.WRONG_KEY, "JWS signing failed: " + e.getMessage(), e);
  }
}
