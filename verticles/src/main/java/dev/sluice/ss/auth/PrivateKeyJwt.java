package dev.sluice.ss.auth;

import com.nimbusds.jose.jwk.JWK;
import dev.sluice.jose.ClientAssertion;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.JwsSigner;
import dev.sluice.jose.Jwks;
import dev.sluice.policy.StreamType;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * OAuth2 {@code private_key_jwt} client authentication (RFC 7523 §2.2): each token request carries
 * a new JWT assertion signed with the client's private key ({@code iss} = {@code sub} = client id,
 * {@code aud} = the token endpoint, a fresh {@code jti}, a short {@code exp}). The key is read once
 * from a PEM or JWK file (with the configured {@code kid} in the header, when given); the key, the assertion and the token never reach a log line.
 */
final class PrivateKeyJwt implements OAuth2ClientCredentials.ClientAuthentication {

  private final JwsSigner signer;
  private final String clientId;
  /** The audience: configured, or the token streamtype's URL once the policy is there. */
  private final Supplier<String> audience;
  private final Duration lifetime;

  private PrivateKeyJwt(JwsSigner signer, String clientId, Supplier<String> audience, Duration lifetime) {
    this.signer = signer;
    this.clientId = clientId;
    this.audience = audience;
    this.lifetime = lifetime;
  }

  /**
   * Reads the key file (PEM or JWK, exactly one private key) and checks that it can sign
   * {@code alg} (null: the key's usual algorithm). Errors name {@code where} and the problem,
   * never the key.
   */
  static PrivateKeyJwt load(String where, Path keyFile, String alg, String kid, String clientId,
      Supplier<String> audience, Duration lifetime) throws Exception {
    String text;
    try {
      text = Files.readString(keyFile);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(where + ".keyFile " + keyFile + " cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    try {
      JWK key = Jwks.readOne(text);
      if (kid != null) {
        // A PEM key has no kid; the token endpoint may need one to pick the client's key.
        Map<String, Object> json = new LinkedHashMap<>(key.toJSONObject());
        json.put("kid", kid);
        key = JWK.parse(json);
      }
      if (!key.isPrivate()) {
        throw new IllegalArgumentException(where + ".keyFile " + keyFile + " holds a public " + key.getKeyType()
            + " key; private_key_jwt needs the private key");
      }
      JwsSigner signer = alg == null ? new JwsSigner(key) : new JwsSigner(key, JwsSigner.algorithm(alg));
      if (signer.algorithm().getName().startsWith("HS")) {
        throw new IllegalArgumentException(where + ".keyFile " + keyFile + " holds a shared secret; private_key_jwt"
            + " signs with a private key (RS, PS, ES or EdDSA)");
      }
      return new PrivateKeyJwt(signer, clientId, audience, lifetime);
    } catch (JoseException | java.text.ParseException e) {
      throw new IllegalArgumentException(where + ".keyFile " + keyFile + ": " + e.getMessage());
    }
  }

  @Override
  public Map<String, String> params() throws JoseException {
    String aud = audience.get();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("client_assertion_type", ClientAssertion.TYPE);
    m.put("client_assertion", new ClientAssertion(signer, clientId, aud, lifetime, Clock.systemUTC()).create());
    return m;
  }

  /**
   * The URL of a token streamtype with a fixed endpoint and path ({@code https://host[:port]/path}),
   * which RFC 7523 names as the assertion's audience; null when the policy builds it from metadata.
   */
  static String endpointUrl(StreamType t) {
    Template host = t.endpoint().orElse(null);
    Template path = t.template(StreamKey.HTTP_URL).orElse(null);
    if (host == null || !host.isConstant() || path != null && !path.isConstant()) {
      return null;
    }
    String scheme = t.tls() ? "https" : "http";
    int port = t.port();
    boolean defaultPort = port == 0 || port == (t.tls() ? 443 : 80);
    String p = path == null ? "/" : path.source();
    return scheme + "://" + host.source() + (defaultPort ? "" : ":" + port) + (p.startsWith("/") ? p : "/" + p);
  }
}
