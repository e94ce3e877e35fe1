package dev.sluice.cose;

/** A signer to add to a COSE_Sign: its headers (naming the algorithm) and private key. */
public record SignerSpec(CoseHeaders headers, CoseKey key) {

  /** A signer with {@code alg} protected and the key's id unprotected when it has one. */
  public static SignerSpec of(CoseAlgorithm alg, CoseKey key) {
    CoseHeaders.Builder h = CoseHeaders.builder().algorithm(alg);
    if (key.kid() != null) {
      h.kid(key.kid());
    }
    return new SignerSpec(h.build(), key);
  }
}
