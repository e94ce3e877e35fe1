package dev.sluice.jose;

import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.jwk.JWK;

/** A JWE that decrypted and authenticated: the plaintext, the protected header and the key used. */
public record DecryptedJwe(byte[] plaintext, JWEHeader header, JWK key) {
  public DecryptedJwe {
    plaintext = plaintext.clone();
  }

  @Override
  public byte[] plaintext() {
    return plaintext.clone();
  }
}
