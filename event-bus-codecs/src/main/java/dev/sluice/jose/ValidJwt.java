package dev.sluice.jose;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;

/** A JWT that passed every check: its claims, its protected header and the key that verified it. */
public record ValidJwt(JWTClaimsSet claims, JWSHeader header, JWK key) {}
