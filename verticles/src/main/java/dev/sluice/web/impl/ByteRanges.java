package dev.sluice.web.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code Range: bytes=...} header (RFC 9110 §14.2) resolved against a file's length. A header
 * that does not parse is ignored (the whole file is sent), as the RFC allows; one that parses but
 * selects nothing inside the file is unsatisfiable (416).
 */
final class ByteRanges {
  private ByteRanges() {}

  /** More ranges than this in one request are ignored (the whole file is sent): a cheap DoS guard. */
  static final int MAX_RANGES = 16;

  /** One satisfiable range, both ends inclusive. */
  record Range(long first, long last) {
    long length() {
      return last - first + 1;
    }
  }

  /**
   * The satisfiable ranges, in request order; an empty list when none is satisfiable; null when the
   * header is absent, malformed, not in bytes, or asks for too many ranges.
   */
  static List<Range> parse(String header, long size) {
    if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String[] specs = header.substring(6).split(",", -1);
    if (specs.length > MAX_RANGES) {
      return null;
    }
    List<Range> out = new ArrayList<>();
    for (String spec : specs) {
      String s = spec.trim();
      int dash = s.indexOf('-');
      if (dash < 0) {
        return null;
      }
      String a = s.substring(0, dash);
      String b = s.substring(dash + 1);
      long first;
      long last;
      if (a.isEmpty()) {
        long suffix = number(b);
        if (suffix < 0) {
          return null;
        }
        if (suffix == 0 || size == 0) {
          continue; // a zero-length suffix selects nothing
        }
        first = Math.max(0, size - suffix);
        last = size - 1;
      } else {
        first = number(a);
        last = b.isEmpty() ? size - 1 : number(b);
        if (first < 0 || last < 0 || !b.isEmpty() && last < first) {
          return null;
        }
        if (first >= size) {
          continue;
        }
        last = Math.min(last, size - 1);
      }
      out.add(new Range(first, last));
    }
    return out;
  }

  /** A run of decimal digits, or -1 (also on overflow). */
  private static long number(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(s);
  }
}
