package dev.sluice.conformance.h2;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The policy of the h2spec server: one h2 server streamtype per address, all on one port. */
final class ConformancePolicy {
  private ConformancePolicy() {}

  static String policy(List<String> addresses, int port, String tlsKeys) {
    List<String> types = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      types.add("""
          "h2spec%d": {"server": true, "protocol": "h2", "endpoint": "%s", "port": %d, "metadata": [{"mime": ""}]%s}"""
          .formatted(i, addresses.get(i), port, tlsKeys));
    }
    return """
        {"release": "h2spec", "product": "sluice-conformance", "schema-version": 1,
         "s": [{%s}]}
        """.formatted(String.join(",\n", types));
  }

  /** A self-signed certificate for "localhost" copied into {@code dir}, as the streamtype keys. */
  static String tlsKeys(Path dir) throws IOException {
    SelfSignedCertificate ssc = SelfSignedCertificate.create("localhost");
    Path cert = Files.copy(Path.of(ssc.certificatePath()), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
    Path key = Files.copy(Path.of(ssc.privateKeyPath()), dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
    ssc.delete();
    return ", \"tls\": true, \"sluice_server_cert_pem\": \"%s\", \"sluice_server_key_pem\": \"%s\"".formatted(cert, key);
  }
}
