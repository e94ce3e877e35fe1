package dev.sluice.runtime.fetch;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders policy {@code release} strings as people write them: runs of digits compare as numbers
 * and the rest as text, so "v2.10" is newer than "v2.9" and "20261124-2" newer than "20261124-1".
 */
final class ReleaseOrder {
  private ReleaseOrder() {}

  /** Negative when {@code a} is older than {@code b}, 0 when the same, positive when newer. */
  static int compare(String a, String b) {
    List<String> x = chunks(a);
    List<String> y = chunks(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      String p = x.get(i);
      String q = y.get(i);
      boolean pn = Character.isDigit(p.charAt(0));
      boolean qn = Character.isDigit(q.charAt(0));
      int c;
      if (pn && qn) {
        String ps = p.replaceFirst("^0+(?=.)", "");
        String qs = q.replaceFirst("^0+(?=.)", "");
        c = ps.length() != qs.length() ? Integer.compare(ps.length(), qs.length()) : ps.compareTo(qs);
      } else {
        c = p.compareTo(q);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  private static List<String> chunks(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      boolean digit = Character.isDigit(s.charAt(i));
      int j = i;
      while (j < s.length() && Character.isDigit(s.charAt(j)) == digit) {
        j++;
      }
      out.add(s.substring(i, j));
      i = j;
    }
    return out;
  }
}
