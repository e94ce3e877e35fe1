package dev.sluice.jose;

import com.nimbusds.jwt.JWTClaimsSet;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * RFC 7523 client assertions (OAuth2 {@code private_key_jwt}, OpenID Connect Core §9): a JWT
 * signed with the client's key, with {@code iss} and {@code sub} the client id, {@code aud} the
 * token endpoint, a fresh {@code jti}, {@code iat} and a short {@code exp}.
 */
public final class ClientAssertion {
  /** The {@code client_assertion_type} that goes with it. */
  public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  /** Lifetime when none is given: long enough to reach the server, short enough to be useless if replayed later. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JwsSigner signer;
  private final String clientId;
  private final String audience;
  private final Duration lifetime;
  private final Clock clock;

  public ClientAssertion(JwsSigner signer, String clientId, String audience, Duration lifetime, Clock clock) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("assertion lifetime must be positive, got " + lifetime);
    }
    this.signer = signer;
    this.clientId = clientId;
    this.audience = audience;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A new signed assertion (each with its own {@code jti}). */
  public String create() throws JoseException {
    Instant now = clock.instant();
    byte[] jti = new byte[18];
    RANDOM.nextBytes(jti);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(audience)
        .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .build();
    return signer.signJwt(claims);
  }
}
