package dev.sluice.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.jose.JoseException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT validation on a fixed clock: each claim check passes and fails with its own reason. */
class JwtValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
  private static JWK key;
  private static JwtValidator validator;

  @BeforeAll
  static void keys() throws Exception {
    key = Jwks.generate("EC", "P-256", "device-ca");
    validator = JwtValidator.builder(new JwsVerifier(new JWKSet(key.toPublicJWK())))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).clockSkew(Duration.ofSeconds(30))
        .issuer("https://issuer.example").audience("sluice").requiredClaims("sub").build();
  }

  private static JWTClaimsSet.Builder good() {
    return new JWTClaimsSet.Builder().issuer("https://issuer.example").audience(List.of("other", "sluice"))
        .subject("device-7").expirationTime(Date.from(NOW.plusSeconds(300))).notBeforeTime(Date.from(NOW.minusSeconds(5)));
  }

  private static String sign(JWTClaimsSet claims) throws JoseException {
    return new JwsSigner(key).signJwt(claims);
  }

  private static void refused(JWTClaimsSet claims, Reason reason, String message) {
    assertThatThrownBy(() -> validator.validate(sign(claims))).isInstanceOf(JoseException.class).hasMessage(message)
        .extracting(e -> ((JoseException) e).reason()).isEqualTo(reason);
  }

  @Test
  void aGoodTokenPassesWithItsClaimsAndHeader() throws Exception {
    ValidJwt v = validator.validate(sign(good().claim("scope", "read").build()));
    assertThat(v.claims().getSubject()).isEqualTo("device-7");
    assertThat(v.claims().getStringClaim("scope")).isEqualTo("read");
    assertThat(v.header().getType().getType()).isEqualTo("JWT");
    assertThat(v.key().getKeyID()).isEqualTo("device-ca");
  }

  @Test
  void expiryAndNotBeforeAllowTheClockSkewAndNoMore() throws Exception {
    validator.validate(sign(good().expirationTime(Date.from(NOW.minusSeconds(30))).build()));
    refused(good().expirationTime(Date.from(NOW.minusSeconds(31))).build(), Reason.EXPIRED,
        "the JWT expired at 2026-11-25T01:59:29Z (now 2026-11-25T02:00:00Z, clock skew 30 s)");
    validator.validate(sign(good().notBeforeTime(Date.from(NOW.plusSeconds(30))).build()));
    refused(good().notBeforeTime(Date.from(NOW.plusSeconds(31))).build(), Reason.NOT_YET_VALID,
        "the JWT is not valid before 2026-11-25T02:00:31Z (now 2026-11-25T02:00:00Z, clock skew 30 s)");
    refused(good().expirationTime(null).build(), Reason.MISSING_CLAIM, "the JWT has no exp (expiration time)");
    JwtValidator lax = JwtValidator.builder(new JwsVerifier(new JWKSet(key.toPublicJWK())))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).requireExpiration(false).build();
    assertThat(lax.validate(sign(good().expirationTime(null).build())).claims().getSubject()).isEqualTo("device-7");
  }

  @Test
  void issuerAudienceAndRequiredClaimsAreChecked() {
    refused(good().issuer("https://evil.example").build(), Reason.WRONG_ISSUER,
        "the JWT's iss \"https://evil.example\" is not the expected \"https://issuer.example\"");
    refused(good().issuer(null).build(), Reason.WRONG_ISSUER, "the JWT has no iss; expected \"https://issuer.example\"");
    refused(good().audience("someone-else").build(), Reason.WRONG_AUDIENCE,
        "the JWT's aud [someone-else] does not include \"sluice\"");
    refused(good().audience((String) null).build(), Reason.WRONG_AUDIENCE, "the JWT has no aud; expected \"sluice\"");
    refused(good().subject(null).build(), Reason.MISSING_CLAIM, "the JWT lacks the required claim \"sub\"");
  }

  @Test
  void signatureProblemsComeFromTheVerifier() throws Exception {
    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
    String unsecured = header + "." + Base64URL.encode(good().build().toString()) + ".";
    assertThatThrownBy(() -> validator.validate(unsecured)).isInstanceOf(JoseException.class)
        .hasMessage("unsecured JWS (alg \"none\") refused");
    JWK hmac = Jwks.generate("oct", "256", "device-ca");
    assertThatThrownBy(() -> validator.validate(new JwsSigner(hmac).signJwt(good().build())))
        .isInstanceOf(JoseException.class).extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.WRONG_KEY);
    String[] p = sign(good().build()).split("\\.");
    String tampered = p[0] + "." + Base64URL.encode(good().subject("admin").build().toString()) + "." + p[2];
    assertThatThrownBy(() -> validator.validate(tampered)).isInstanceOf(JoseException.class)
        .hasMessage("JWS ES256 signature does not verify");
  }

  @Test
  void aPayloadThatIsNotAClaimsSetOrAJsonSerializationIsMalformed() throws Exception {
    String notJson = new JwsSigner(key).sign("not json".getBytes(StandardCharsets.UTF_8), "JWT");
    assertThatThrownBy(() -> validator.validate(notJson)).isInstanceOf(JoseException.class)
        .hasMessageStartingWith("the JWT payload is not a JSON claims set");
    String badExp = new JwsSigner(key).sign("{\"exp\":\"tomorrow\"}".getBytes(StandardCharsets.UTF_8), "JWT");
    assertThatThrownBy(() -> validator.validate(badExp)).isInstanceOf(JoseException.class)
        .extracting(e -> ((JoseException) e).reason()).isEqualTo(Reason.MALFORMED);
    String json = new JwsSigner(key).signJson(good().build().toString().getBytes(StandardCharsets.UTF_8), true);
    assertThatThrownBy(() -> validator.validate(json)).isInstanceOf(JoseException.class)
        .hasMessage("a JWT uses the compact serialization, not JSON");
  }

  @Test
  void clientAssertionsCarryTheRfc7523Claims() throws Exception {
    String a = new ClientAssertion(new JwsSigner(key), "device-7", "https://as.example/token", Duration.ofSeconds(60),
        Clock.fixed(NOW, ZoneOffset.UTC)).create();
    JwtValidator asServer = JwtValidator.builder(new JwsVerifier(new JWKSet(key.toPublicJWK())))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).issuer("device-7").audience("https://as.example/token")
        .requiredClaims("jti", "sub", "iat").build();
    JWTClaimsSet c = asServer.validate(a).claims();
    assertThat(c.getSubject()).isEqualTo("device-7");
    assertThat(c.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(60));
    String b = new ClientAssertion(new JwsSigner(key), "device-7", "https://as.example/token", Duration.ofSeconds(60),
        Clock.fixed(NOW, ZoneOffset.UTC)).create();
    assertThat(asServer.validate(b).claims().getJWTID()).as("a fresh jti each time").isNotEqualTo(c.getJWTID());
  }
}
