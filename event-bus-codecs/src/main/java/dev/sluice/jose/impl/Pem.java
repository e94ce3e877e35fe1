package dev.sluice.jose.impl;

import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseKey;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.JoseException.Reason;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM blocks to JDK keys without BouncyCastle's PKIX jar: {@code PUBLIC KEY} (SubjectPublicKeyInfo),
 * {@code PRIVATE KEY} (PKCS#8) and {@code CERTIFICATE}, for RSA, EC, Ed25519/Ed448 and X25519/X448.
 * The public half of a PKCS#8 private key is recomputed (via {@link CoseKey}).
 */
public final class Pem {
  private Pem() {}

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final String[] FACTORIES = {"EC", "RSA", "EdDSA", "XDH"};

  /** One key found in PEM text: the public key, and the private key when the PEM held one. */
  public record KeyPairPem(PublicKey publicKey, PrivateKey privateKey) {}

  /** The keys in {@code pem}: each block becomes one key pair (or public key). */
  public static List<KeyPairPem> read(String pem) throws JoseException {
    List<KeyPairPem> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new JoseException(Reason.MALFORMED, "PEM block " + type + " is not valid base64");
      }
      switch (type) {
        case "PUBLIC KEY" -> out.add(new KeyPairPem(publicKey(der), null));
        case "PRIVATE KEY" -> out.add(privateKey(der));
        case "CERTIFICATE" -> out.add(new KeyPairPem(certificate(der).getPublicKey(), null));
        default -> throw new JoseException(Reason.MALFORMED, "PEM block " + type
            + " is not supported (use PUBLIC KEY, PRIVATE KEY (PKCS#8) or CERTIFICATE)");
      }
    }
    if (out.isEmpty()) {
      throw new JoseException(Reason.MALFORMED, "no PEM block found");
    }
    return out;
  }

  private static PublicKey publicKey(byte[] der) throws JoseException {
    for (String f : FACTORIES) {
      try {
        return KeyFactory.getInstance(f).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next key type
      }
    }
    throw new JoseException(Reason.MALFORMED, "PUBLIC KEY block is not an RSA, EC, EdDSA or XDH key");
  }

  private static KeyPairPem privateKey(byte[] der) throws JoseException {
    for (String f : FACTORIES) {
      PrivateKey priv;
      try {
        priv = KeyFactory.getInstance(f).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        continue;
      }
      return new KeyPairPem(publicOf(priv), priv);
    }
    throw new JoseException(Reason.MALFORMED, "PRIVATE KEY block is not an RSA, EC, EdDSA or XDH PKCS#8 key");
  }

  /** Recomputes the public key of a private key. */
  static PublicKey publicOf(PrivateKey priv) throws JoseException {
    try {
      if (priv instanceof java.security.interfaces.RSAPrivateCrtKey rsa) {
        return KeyFactory.getInstance("RSA").generatePublic(
            new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      if (priv instanceof java.security.interfaces.ECPrivateKey ec) {
        // A PKCS#8 EC key need not carry its public point: it is recomputed as d*G.
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        dev.sluice.cose.impl.Curves curve = bits == 256 ? dev.sluice.cose.impl.Curves.P_256
            : bits == 384 ? dev.sluice.cose.impl.Curves.P_384 : bits == 521 ? dev.sluice.cose.impl.Curves.P_521 : null;
        if (curve == null) {
          throw new JoseException(Reason.WRONG_KEY, "EC curve of " + bits + " bits is not supported (P-256, P-384, P-521)");
        }
        java.security.spec.ECPoint q = curve.publicPoint(ec.getS());
        return KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(q, ec.getParams()));
      }
      dev.sluice.cose.impl.Curves c = dev.sluice.cose.impl.OkpEncoding.curveOf(priv);
      if (c != null) {
        return CoseKey.okp(c.displayName(), null, dev.sluice.cose.impl.OkpEncoding.rawPrivate(priv, c)).publicKey();
      }
    } catch (GeneralSecurityException | CoseException e) {
      throw new JoseException(Reason.WRONG_KEY, "cannot derive the public key: " + e.getMessage(), e);
    }
    throw new JoseException(Reason.WRONG_KEY, "unsupported private key " + priv.getAlgorithm());
  }

  private static X509Certificate certificate(byte[] der) throws JoseException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new JoseException(Reason.MALFORMED, "CERTIFICATE block is not an X.509 certificate");
    }
  }

  /** PEM text of a key: PUBLIC KEY or PRIVATE KEY. */
  public static String write(Key key) {
    String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded());
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }
}
