package dev.sluice.host.ws;

import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.Base64;

/** Policy text and certificates for the ws tests. */
final class WsTestPolicy {
  private WsTestPolicy() {}

  /** A policy with the common retry tables around {@code certs} and the streamtypes given. */
  static String policy(String certs, String trustStores, String streamTypes) {
    return """
        {"release": "t1", "product": "test", "schema-version": 1,
         "retry": [{"quick": {"backoff": [50, 100, 200], "conceal": 3, "jitterpc": 1}},
                   {"once": {"backoff": [50], "conceal": 0, "jitterpc": 1}},
                   {"pingy": {"backoff": [50], "conceal": 1, "jitterpc": 1, "svalidping": 1, "svalidhup": 2}}],
         %s%s
         "s": [{%s}]}""".formatted(certs.isEmpty() ? "" : "\"certs\": [" + certs + "],\n",
        trustStores.isEmpty() ? "" : "\"trust_stores\": [" + trustStores + "],\n", streamTypes);
  }

  static String policy(String streamTypes) {
    return policy("", "", streamTypes);
  }

  /** A self-signed "localhost" certificate: PEM files and the policy's base64 DER forms. */
  record TestCert(String certPem, String keyPem, String certDerBase64, String keyDerBase64) {

    static TestCert create() throws Exception {
      SelfSignedCertificate ssc = SelfSignedCertificate.create("localhost");
      byte[] cert;
      try (var in = Files.newInputStream(Path.of(ssc.certificatePath()))) {
        cert = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
      }
      String keyText = Files.readString(Path.of(ssc.privateKeyPath()));
      String body = keyText.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return new TestCert(ssc.certificatePath(), ssc.privateKeyPath(), Base64.getEncoder().encodeToString(cert), body);
    }
  }
}
