package dev.sluice.host.http.server;

import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.Base64;

/** Policy text for the server-stream tests: a server streamtype "srv" and client streamtypes. */
final class ServerTestPolicy {
  private ServerTestPolicy() {}

  static String policy(String certs, String trustStores, String streamTypes) {
    return """
        {"release": "t1", "product": "test", "schema-version": 1,
         "retry": [{"once": {"backoff": [50], "conceal": 0, "jitterpc": 1}}],
         %s%s
         "s": [{%s}]}""".formatted(certs.isEmpty() ? "" : "\"certs\": [" + certs + "],\n",
        trustStores.isEmpty() ? "" : "\"trust_stores\": [" + trustStores + "],\n", streamTypes);
  }

  static String policy(String streamTypes) {
    return policy("", "", streamTypes);
  }

  /** The server streamtype "srv" on 127.0.0.1, port 0, declaring "mime" and "ua" (user-agent). */
  static String server(String protocol, String extra) {
    return """
        "srv": {"server": true, "protocol": "%s", "endpoint": "127.0.0.1", "port": 0,
                "metadata": [{"mime": ""}, {"ua": "user-agent:"}]%s}""".formatted(protocol, extra);
  }

  /** A client streamtype to {@code scheme}://127.0.0.1:${port}{@code url}. */
  static String client(String name, String protocol, String scheme, String method, String url) {
    return client(name, protocol, scheme + "://127.0.0.1", method, url, "");
  }

  /** A client streamtype to {@code base}:${port}{@code url} with {@code extra} keys. */
  static String client(String name, String protocol, String base, String method, String url, String extra) {
    return """
        "%s": {"protocol": "%s", "endpoint": "%s:${port}", "http_method": "%s",
               "http_url": "%s", "metadata": [{"port": ""}], "retry": "once"%s}""".formatted(name, protocol, base,
        method, url, extra);
  }

  /** A self-signed "localhost" certificate as the policy's DER certs and a trust store "mine". */
  record Der(String certBase64, String keyBase64) {

    static Der create() throws Exception {
      SelfSignedCertificate ssc = SelfSignedCertificate.create("localhost");
      byte[] cert;
      try (var in = Files.newInputStream(Path.of(ssc.certificatePath()))) {
        cert = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
      }
      String key = Files.readString(Path.of(ssc.privateKeyPath())).replaceAll("-----[A-Z ]+-----", "")
          .replaceAll("\\s", "");
      return new Der(Base64.getEncoder().encodeToString(cert), key);
    }

    String certs() {
      return "{\"srvcert\": \"" + certBase64 + "\"}, {\"srvkey\": \"" + keyBase64 + "\"}";
    }

    String trustStore() {
      return "{\"name\": \"mine\", \"stack\": [\"srvcert\"]}";
    }
  }
}
