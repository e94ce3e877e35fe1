package dev.sluice.policy.impl;

import java.util.Base64;

/** Base64 and DER checks for {@code certs[]} entries, without a full ASN.1 parser. */
final class Der {
  private Der() {}

  /** Decodes base64 (standard or URL alphabet, padding optional, whitespace ignored); null if invalid. */
  static byte[] decodeBase64(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    String compact = sb.toString();
    if (compact.isEmpty()) {
      return null;
    }
    try {
      boolean url = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
      return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Checks that the bytes are exactly one DER SEQUENCE (what certificates and private keys are);
   * returns what is wrong, or null.
   */
  static String checkSequence(byte[] der) {
    if (der.length < 2) {
      return "only " + der.length + " byte(s)";
    }
    if ((der[0] & 0xff) != 0x30) {
      return String.format("starts with 0x%02x, not a SEQUENCE (0x30)", der[0] & 0xff);
    }
    int first = der[1] & 0xff;
    long length;
    int header;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4 || der.length < 2 + n) {
        return "bad length encoding";
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (der[2 + i] & 0xff);
      }
      header = 2 + n;
    }
    if (header + length != der.length) {
      return "the SEQUENCE says " + length + " bytes but " + (der.length - header) + " follow";
    }
    return null;
  }
}
