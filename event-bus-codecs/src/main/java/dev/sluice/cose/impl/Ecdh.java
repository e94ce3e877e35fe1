package dev.sluice.cose.impl;

import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.CoseKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import javax.crypto.KeyAgreement;

/** ECDH on the JDK: P-256/384/521 ("ECDH") and X25519/X448 ("XDH"). */
public final class Ecdh {
  private Ecdh() {}

  /** The shared secret of a private key and a peer's public key on the same curve. */
  public static byte[] agree(CoseKey own, CoseKey peer) throws CoseException {
    if (own.curve() == null || own.curve().isEdwards() || !own.hasPrivate()) {
      throw new CoseException(Reason.WRONG_KEY, "ECDH needs an EC2 or X25519/X448 private key, got " + own);
    }
    if (peer.curve() != own.curve()) {
      throw new CoseException(Reason.WRONG_KEY, "ECDH peer key is on " + peer.curveName() + ", ours on " + own.curveName());
    }
    try {
      KeyAgreement ka = KeyAgreement.getInstance(own.curve().isEc2() ? "ECDH" : "XDH");
      ka.init(own.privateKey());
      ka.doPhase(peer.publicKey(), true);
      return ka.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.WRONG_KEY, "ECDH failed: " + e.getMessage(), e);
    }
  }

  /** A fresh key pair on {@code curve}. */
  public static CoseKey ephemeral(Curves curve, SecureRandom random) throws CoseException {
    try {
      KeyPairGenerator g;
      if (curve.isEc2()) {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve.jdkName()), random);
      } else {
        g = KeyPairGenerator.getInstance("XDH");
        g.initialize(new NamedParameterSpec(curve.jdkName()), random);
      }
      KeyPair kp = g.generateKeyPair();
      return CoseKey.fromJdk(kp.getPublic(), kp.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new CoseException(Reason.WRONG_KEY, "cannot make an ephemeral key on " + curve.displayName(), e);
    }
  }
}
