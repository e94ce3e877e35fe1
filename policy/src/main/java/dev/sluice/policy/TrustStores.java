package dev.sluice.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Turns a policy trust store into what the JDK's TLS uses: its DER certs (and Sluice's PEM
 * extension files) become trust anchors of a PKIX trust manager. Validation then works as for any
 * JDK client, hostname verification included (which the TLS client turns on, not this class).
 */
public final class TrustStores {
  private TrustStores() {}

  /** The certificates of trust store {@code name}. */
  public static List<X509Certificate> certificates(Policy policy, String name) throws GeneralSecurityException {
    TrustStore ts = policy.trustStores().get(name);
    if (ts == null) {
      throw new GeneralSecurityException("unknown trust store \"" + name + "\"");
    }
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (String certName : ts.certNames()) {
      Cert c = policy.certs().get(certName);
      if (c == null) {
        throw new GeneralSecurityException("trust store \"" + name + "\" names unknown cert \"" + certName + "\"");
      }
      try (InputStream in = new ByteArrayInputStream(c.der())) {
        out.add((X509Certificate) cf.generateCertificate(in));
      } catch (CertificateException | IOException e) {
        throw new GeneralSecurityException("cert \"" + certName + "\" of trust store \"" + name
            + "\" is not an X.509 certificate: " + e.getMessage(), e);
      }
    }
    for (String pem : ts.pemFiles()) {
      out.addAll(pemCertificates(Path.of(pem)));
    }
    return out;
  }

  /** Every certificate in a PEM (or DER) file. */
  public static List<X509Certificate> pemCertificates(Path file) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : cf.generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new GeneralSecurityException("no certificate in " + file);
      }
      return out;
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A PKIX trust manager that trusts exactly the certificates of trust store {@code name}. */
  public static X509TrustManager trustManager(Policy policy, String name) throws GeneralSecurityException {
    return trustManager(certificates(policy, name));
  }

  public static X509TrustManager trustManager(List<X509Certificate> anchors) throws GeneralSecurityException {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : anchors) {
        ks.setCertificateEntry("anchor-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(ks);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
