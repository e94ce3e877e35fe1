package dev.sluice.host.ws.impl;

import dev.sluice.policy.Cert;
import dev.sluice.policy.Policy;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Base64;
import java.util.Optional;

/**
 * The certificate and key of a server streamtype: lws's {@code server_cert}/{@code server_key} (DER
 * blobs from {@code certs[]}), or Sluice's {@code sluice_server_cert_pem}/{@code
 * sluice_server_key_pem} (PEM files). DER keys may be PKCS#8, PKCS#1 (RSA) or SEC1 (EC): the kind is
 * read from the DER structure and the blob handed to Vert.x as PEM with the matching label.
 */
public final class ServerTls {
  private ServerTls() {}

  /**
   * The key and certificate to serve {@code type} with, or empty when it is served without TLS.
   *
   * @throws IllegalArgumentException naming the key that is missing or wrong
   */
  public static Optional<KeyCertOptions> keyCert(Policy policy, StreamType type) {
    boolean der = type.has(StreamKey.SERVER_CERT) || type.has(StreamKey.SERVER_KEY);
    boolean pem = type.has(StreamKey.SLUICE_SERVER_CERT_PEM) || type.has(StreamKey.SLUICE_SERVER_KEY_PEM);
    if (!der && !pem) {
      if (type.tls()) {
        throw new IllegalArgumentException("server streamtype \"" + type.name() + "\" sets tls but neither"
            + " server_cert/server_key nor sluice_server_cert_pem/sluice_server_key_pem");
      }
      return Optional.empty();
    }
    if (pem) {
      return Optional.of(new PemKeyCertOptions()
          .setCertPath(required(type, StreamKey.SLUICE_SERVER_CERT_PEM))
          .setKeyPath(required(type, StreamKey.SLUICE_SERVER_KEY_PEM)));
    }
    byte[] cert = blob(policy, type, StreamKey.SERVER_CERT);
    byte[] key = blob(policy, type, StreamKey.SERVER_KEY);
    return Optional.of(new PemKeyCertOptions()
        .setCertValue(pem("CERTIFICATE", cert))
        .setKeyValue(pem(keyLabel(key, type), key)));
  }

  private static String required(StreamType type, StreamKey key) {
    String v = type.string(key);
    if (v.isEmpty()) {
      throw new IllegalArgumentException("server streamtype \"" + type.name() + "\" needs " + key.policyName());
    }
    return v;
  }

  private static byte[] blob(Policy policy, StreamType type, StreamKey key) {
    String name = required(type, key);
    Cert c = policy.certs().get(name);
    if (c == null) {
      throw new IllegalArgumentException("server streamtype \"" + type.name() + "\": " + key.policyName()
          + " names unknown cert \"" + name + "\"");
    }
    return c.der();
  }

  /**
   * PKCS#8 is SEQUENCE { INTEGER 0, SEQUENCE (algorithm), OCTET STRING }; PKCS#1 RSA is SEQUENCE {
   * INTEGER 0, INTEGER (modulus), ... }; SEC1 EC is SEQUENCE { INTEGER 1, OCTET STRING, ... }. The
   * tag after the version tells them apart.
   */
  static String keyLabel(byte[] der, StreamType type) {
    int i = skipHeader(der, 0);
    if (i < 0 || i >= der.length || der[i] != 0x02) {
      throw new IllegalArgumentException(badKey(type));
    }
    i = skipElement(der, i);
    if (i < 0 || i >= der.length) {
      throw new IllegalArgumentException(badKey(type));
    }
    return switch (der[i]) {
      case 0x30 -> "PRIVATE KEY";
      case 0x02 -> "RSA PRIVATE KEY";
      case 0x04 -> "EC PRIVATE KEY";
      default -> throw new IllegalArgumentException(badKey(type));
    };
  }

  private static String badKey(StreamType type) {
    return "server streamtype \"" + type.name() + "\": server_key is not a DER private key (PKCS#8, PKCS#1 or SEC1)";
  }

  /** The offset of the first element inside the SEQUENCE at {@code at}, or -1. */
  private static int skipHeader(byte[] der, int at) {
    if (der.length < at + 2 || der[at] != 0x30) {
      return -1;
    }
    int len = der[at + 1] & 0xFF;
    return len < 0x80 ? at + 2 : at + 2 + (len & 0x7F);
  }

  /** The offset just past the element at {@code at}, or -1. */
  private static int skipElement(byte[] der, int at) {
    if (der.length < at + 2) {
      return -1;
    }
    int first = der[at + 1] & 0xFF;
    if (first < 0x80) {
      return at + 2 + first;
    }
    int n = first & 0x7F;
    if (n > 3 || der.length < at + 2 + n) {
      return -1;
    }
    int len = 0;
    for (int k = 0; k < n; k++) {
      len = (len << 8) | (der[at + 2 + k] & 0xFF);
    }
    return at + 2 + n + len;
  }

  private static Buffer pem(String label, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return Buffer.buffer("-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n");
  }
}
