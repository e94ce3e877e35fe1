package dev.sluice.policy;

import java.util.Arrays;

/**
 * One {@code certs[]} entry: a DER blob (an X.509 certificate, or a server's private key).
 *
 * @param name the name trust stores and {@code server_cert}/{@code server_key} refer to
 * @param der the decoded bytes; the array is copied in and out, so the record stays immutable
 */
public record Cert(String name, byte[] der) {

  public Cert {
    der = der.clone();
  }

  @Override
  public byte[] der() {
    return der.clone();
  }

  public int length() {
    return der.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cert c && c.name.equals(name) && Arrays.equals(c.der, der);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "Cert[" + name + ", " + der.length + " bytes]";
  }
}
