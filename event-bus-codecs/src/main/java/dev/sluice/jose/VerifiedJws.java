package dev.sluice.jose;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;

/** A JWS whose signature verified: the payload, the protected header and the key that verified it. */
public record VerifiedJws(byte[] payload, JWSHeader header, JWK key) {
  public VerifiedJws {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
