package dev.sluice.jose;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.jose.JoseException.Reason;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates JWTs (RFC 7519): the signature through a {@link JwsVerifier} (so its algorithm
 * allow-list and key-type checks apply, and {@code alg: none} is refused), then {@code exp} and
 * {@code nbf} against an injectable clock with a clock skew, then {@code iss}, {@code aud} and
 * the required claims. {@code exp} is required unless {@link Builder#requireExpiration} says
 * otherwise: a token that never expires is rarely meant. Thread-safe; build once.
 */
public final class JwtValidator {
  /** Clock skew allowed when none is configured. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** Longest claim value quoted in a message. */
  private static final int QUOTE_MAX = 80;

  private final JwsVerifier verifier;
  private final Clock clock;
  private final Duration skew;
  private final String issuer;
  private final String audience;
  private final Set<String> required;
  private final boolean requireExp;

  private JwtValidator(Builder b) {
    this.verifier = b.verifier;
    this.clock = b.clock;
    this.skew = b.skew;
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.required = Set.copyOf(b.required);
    this.requireExp = b.requireExp;
  }

  /** A validator that verifies signatures with {@code verifier}. */
  public static Builder builder(JwsVerifier verifier) {
    return new Builder(verifier);
  }

  /** Validates a JWT in the compact serialization. */
  public ValidJwt validate(String jwt) throws JoseException {
    if (jwt.strip().startsWith("{")) {
      throw new JoseException(Reason.MALFORMED, "a JWT uses the compact serialization, not JSON");
    }
    VerifiedJws jws = verifier.verify(jwt);
    JWTClaimsSet claims;
    try {
      claims = JWTClaimsSet.parse(new String(jws.payload(), StandardCharsets.UTF_8));
    } catch (ParseException | RuntimeException e) {
      throw new JoseException(Reason.MALFORMED, "the JWT payload is not a JSON claims set: " + e.getMessage());
    }
    checkTimes(claims);
    if (issuer != null && !issuer.equals(claims.getIssuer())) {
      throw new JoseException(Reason.WRONG_ISSUER, claims.getIssuer() == null ? "the JWT has no iss; expected \""
          + issuer + "\"" : "the JWT's iss \"" + quote(claims.getIssuer()) + "\" is not the expected \"" + issuer + "\"");
    }
    if (audience != null) {
      List<String> aud = claims.getAudience();
      if (aud == null || !aud.contains(audience)) {
        throw new JoseException(Reason.WRONG_AUDIENCE, aud == null || aud.isEmpty()
            ? "the JWT has no aud; expected \"" + audience + "\""
            : "the JWT's aud " + quote(aud.toString()) + " does not include \"" + audience + "\"");
      }
    }
    for (String name : required) {
      if (claims.getClaim(name) == null) {
        throw new JoseException(Reason.MISSING_CLAIM, "the JWT lacks the required claim \"" + name + "\"");
      }
    }
    return new ValidJwt(claims, jws.header(), jws.key());
  }

  private void checkTimes(JWTClaimsSet claims) throws JoseException {
    Instant now = clock.instant();
    Date exp;
    Date nbf;
    try {
      exp = claims.getExpirationTime();
      nbf = claims.getNotBeforeTime();
    } catch (RuntimeException e) {
      throw new JoseException(Reason.MALFORMED, "the JWT's exp or nbf is not a number of seconds");
    }
    if (exp == null && requireExp) {
      throw new JoseException(Reason.MISSING_CLAIM, "the JWT has no exp (expiration time)");
    }
    if (exp != null && now.isAfter(exp.toInstant().plus(skew))) {
      throw new JoseException(Reason.EXPIRED, "the JWT expired at " + exp.toInstant() + " (now " + now
          + ", clock skew " + skew.toSeconds() + " s)");
    }
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw new JoseException(Reason.NOT_YET_VALID, "the JWT is not valid before " + nbf.toInstant() + " (now " + now
          + ", clock skew " + skew.toSeconds() + " s)");
    }
  }

  private static String quote(String s) {
    return s.length() <= QUOTE_MAX ? s : s.substring(0, QUOTE_MAX) + "...";
  }

  /** Settings of a {@link JwtValidator}. */
  public static final class Builder {
    private final JwsVerifier verifier;
    private Clock clock = Clock.systemUTC();
    private Duration skew = DEFAULT_CLOCK_SKEW;
    private String issuer;
    private String audience;
    private final Set<String> required = new LinkedHashSet<>();
    private boolean requireExp = true;

    private Builder(JwsVerifier verifier) {
      this.verifier = verifier;
    }

    /** The clock "now" is read from (tests inject a fixed one). */
    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** How far exp and nbf may be off (default 60 s); not negative. */
    public Builder clockSkew(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("clock skew must not be negative, got " + d);
      }
      this.skew = d;
      return this;
    }

    /** The {@code iss} the token must carry. */
    public Builder issuer(String iss) {
      this.issuer = iss;
      return this;
    }

    /** An audience the token's {@code aud} must include. */
    public Builder audience(String aud) {
      this.audience = aud;
      return this;
    }

    /** Claims that must be present (any value). */
    public Builder requiredClaims(String... names) {
      required.addAll(List.of(names));
      return this;
    }

    /** Whether a token without {@code exp} is refused (default true). */
    public Builder requireExpiration(boolean require) {
      this.requireExp = require;
      return this;
    }

    public JwtValidator build() {
      return new JwtValidator(this);
    }
  }
}
