package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust stores from the policy become JDK trust managers that trust exactly their certs. */
class TrustStoresTest {

  @TempDir static Path dir;
  private static byte[] caDer;
  private static X509Certificate leaf;
  private static X509Certificate stranger;

  @BeforeAll
  static void makeCertificates() throws Exception {
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Test CA", "-ext", "bc:c", "-validity", "3650");
    keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "3650");
    keytool("-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "3650");
    keytool("-certreq", "-alias", "leaf", "-file", dir.resolve("leaf.csr").toString());
    keytool("-gencert", "-alias", "ca", "-infile", dir.resolve("leaf.csr").toString(), "-outfile",
        dir.resolve("leaf.cer").toString(), "-ext", "san=dns:localhost", "-validity", "3650");
    keytool("-exportcert", "-alias", "ca", "-file", dir.resolve("ca.cer").toString());
    keytool("-exportcert", "-alias", "stranger", "-file", dir.resolve("stranger.cer").toString());
    keytool("-exportcert", "-alias", "ca", "-rfc", "-file", dir.resolve("ca.pem").toString());
    caDer = Files.readAllBytes(dir.resolve("ca.cer"));
    leaf = cert(Files.readAllBytes(dir.resolve("leaf.cer")));
    stranger = cert(Files.readAllBytes(dir.resolve("stranger.cer")));
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString(), "-keystore", dir.resolve("ks.p12").toString(), "-storepass", "changeit", "-keypass", "changeit",
        "-noprompt"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }

  private static X509Certificate cert(byte[] der) throws CertificateException {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static Policy policyWith(String extra) throws Exception {
    String b64 = Base64.getEncoder().encodeToString(caDer);
    return new PolicyParser().parse("{\"certs\":[{\"test_ca\":\"" + b64 + "\"}],\"trust_stores\":[{\"name\":\"local\","
        + "\"stack\":[\"test_ca\"]" + extra + "}]}", "t").policy();
  }

  @Test
  void aTrustStoreTrustsWhatItsCaSignedAndNothingElse() throws Exception {
    X509TrustManager tm = TrustStores.trustManager(policyWith(""), "local");
    tm.checkServerTrusted(new X509Certificate[] {leaf}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> tm.checkServerTrusted(new X509Certificate[] {stranger}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
    assertThat(tm.getAcceptedIssuers()).extracting(c -> c.getSubjectX500Principal().getName()).containsExactly("CN=Test CA");
  }

  @Test
  void pemFilesOfTheExtensionKeyAreTrustedToo() throws Exception {
    Policy p = new PolicyParser().parse("{\"trust_stores\":[{\"name\":\"pem\",\"sluice_pem\":[\""
        + dir.resolve("ca.pem").toString().replace("\\", "\\\\") + "\"]}]}", "t").policy();
    TrustStores.trustManager(p, "pem").checkServerTrusted(new X509Certificate[] {leaf}, "ECDHE_ECDSA");
  }

  @Test
  void aStackEntryThatIsNotACertificateIsNamed() throws Exception {
    Policy p = new PolicyParser().parse("{\"certs\":[{\"k\":\"MAMCAQE=\"}],\"trust_stores\":[{\"name\":\"bad\","
        + "\"stack\":[\"k\"]}]}", "t").policy();
    assertThatThrownBy(() -> TrustStores.trustManager(p, "bad")).isInstanceOf(GeneralSecurityException.class)
        .hasMessageStartingWith("cert \"k\" of trust store \"bad\" is not an X.509 certificate");
    assertThatThrownBy(() -> TrustStores.trustManager(p, "nope")).hasMessage("unknown trust store \"nope\"");
  }
}
