package dev.sluice.test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;

/**
 * TLS material made at test time with the JDK's keytool: a test CA; server certificates for
 * "localhost" signed by it (good), for another host name, already expired; and a self-signed one.
 * All keys live in one PKCS#12 file; servers pick theirs by alias.
 */
public final class TestCerts {

  public static final String PASSWORD = "changeit";

  private final Path dir;

  private TestCerts(Path dir) {
    this.dir = dir;
  }

  /** Makes the whole set in {@code dir} (a few seconds: keytool runs once per step). */
  public static TestCerts create(Path dir) throws Exception {
    TestCerts c = new TestCerts(dir);
    c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Sluice Test CA", "-ext", "bc:c",
        "-validity", "3650");
    c.keytool("-exportcert", "-alias", "ca", "-file", dir.resolve("ca.der").toString());
    c.signed("good", "CN=localhost", "san=dns:localhost,ip:127.0.0.1", null);
    c.signed("wronghost", "CN=wrong.example", "san=dns:wrong.example", null);
    c.signed("expired", "CN=localhost", "san=dns:localhost,ip:127.0.0.1", "2001/01/01 00:00:00");
    c.keytool("-genkeypair", "-alias", "selfsigned", "-keyalg", "EC", "-dname", "CN=localhost", "-ext",
        "san=dns:localhost,ip:127.0.0.1", "-validity", "3650");
    return c;
  }

  private void signed(String alias, String dname, String san, String startDate) throws Exception {
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname", dname, "-validity", "3650");
    keytool("-certreq", "-alias", alias, "-file", dir.resolve(alias + ".csr").toString());
    List<String> gen = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-infile", dir.resolve(alias + ".csr").toString(),
        "-outfile", dir.resolve(alias + ".cer").toString(), "-ext", san, "-validity", startDate == null ? "3650" : "1"));
    if (startDate != null) {
      gen.addAll(List.of("-startdate", startDate));
    }
    keytool(gen.toArray(new String[0]));
    keytool("-importcert", "-alias", alias, "-file", dir.resolve(alias + ".cer").toString());
  }

  private void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-keystore", keystore().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD,
        "-noprompt"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: "
          + new String(p.getInputStream().readAllBytes()));
    }
  }

  /** The PKCS#12 key store holding every key, by alias. */
  public Path keystore() {
    return dir.resolve("keys.p12");
  }

  /** The CA certificate as base64 DER, ready for a policy's {@code certs[]}. */
  public String caBase64() throws Exception {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("ca.der")));
  }

  /**
   * Writes {@code alias}'s private key (PKCS#8) and certificate chain as PEM files, for peers that
   * are not Java (nghttpd, lws). Returns {key, chain}.
   */
  public Path[] pem(String alias) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore())) {
      ks.load(in, PASSWORD.toCharArray());
    }
    Path key = dir.resolve(alias + ".key.pem");
    Path chain = dir.resolve(alias + ".chain.pem");
    Files.writeString(key, pemBlock("PRIVATE KEY", ks.getKey(alias, PASSWORD.toCharArray()).getEncoded()));
    StringBuilder certs = new StringBuilder();
    for (Certificate c : ks.getCertificateChain(alias)) {
      certs.append(pemBlock("CERTIFICATE", c.getEncoded()));
    }
    Files.writeString(chain, certs);
    return new Path[] {key, chain};
  }

  private static String pemBlock(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
