package dev.sluice.cose.impl;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.CoseKey;
import java.security.GeneralSecurityException;

/**
 * Ed25519 on Tink (already on the class path for Nimbus's EdDSA): JDK 17's own EdDSA signs about
 * ten times slower (docs/BENCHMARKS.md, "Toolkit"). Ed448 stays on the JDK.
 */
final class Ed25519 {
  private Ed25519() {}

  static byte[] sign(CoseKey key, byte[] toBeSigned) throws CoseException {
    if (!key.hasPrivate()) {
      throw new CoseException(Reason.WRONG_KEY, "cannot sign with EDDSA: the key has no private part");
    }
    try {
      return new Ed25519Sign(key.rawD()).sign(toBeSigned);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CoseException(Reason.WRONG_KEY, "cannot sign with EDDSA: " + e.getMessage(), e);
    }
  }

  /** False when the signature does not verify, whatever the reason. */
  static boolean verify(CoseKey key, byte[] toBeSigned, byte[] signature) throws CoseException {
    Ed25519Verify verifier;
    try {
      verifier = new Ed25519Verify(key.rawX());
    } catch (IllegalArgumentException e) {
      throw new CoseException(Reason.WRONG_KEY, "unusable Ed25519 public key: " + e.getMessage(), e);
    }
    try {
      verifier.verify(signature, toBeSigned);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
