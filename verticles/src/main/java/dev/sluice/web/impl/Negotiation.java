package dev.sluice.web.impl;

import dev.sluice.web.impl.FileStore.Entry;
import dev.sluice.web.impl.FileStore.Variant;
import java.util.Locale;

/** Picks the precompressed sibling a client accepts (br before gzip), else the file itself. */
final class Negotiation {
  private Negotiation() {}

  static Variant choose(String acceptEncoding, Entry e) {
    if (acceptEncoding == null || e.br() == null && e.gzip() == null) {
      return e.identity();
    }
    if (e.br() != null && accepts(acceptEncoding, "br")) {
      return e.br();
    }
    if (e.gzip() != null && accepts(acceptEncoding, "gzip")) {
      return e.gzip();
    }
    return e.identity();
  }

  /** Whether the header lists {@code coding} (or "*") with a q-value above zero. */
  static boolean accepts(String header, String coding) {
    boolean star = false;
    for (String part : header.split(",")) {
      String[] p = part.split(";");
      String name = p[0].trim().toLowerCase(Locale.ROOT);
      boolean positive = true;
      for (int i = 1; i < p.length; i++) {
        String param = p[i].trim().toLowerCase(Locale.ROOT);
        if (param.startsWith("q=")) {
          try {
            positive = Double.parseDouble(param.substring(2)) > 0;
          } catch (NumberFormatException ex) {
            positive = false;
          }
        }
      }
      if (name.equals(coding) || coding.equals("gzip") && name.equals("x-gzip")) {
        return positive;
      }
      if (name.equals("*")) {
        star = positive;
      }
    }
    return star;
  }
}
