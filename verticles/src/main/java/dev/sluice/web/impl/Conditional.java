package dev.sluice.web.impl;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpServerRequest;

/** The conditional request headers of RFC 9110 §13 that a file needs. */
final class Conditional {
  private Conditional() {}

  /**
   * Whether a GET/HEAD gets 304: If-None-Match when present (weak comparison, "*" matches),
   * otherwise If-Modified-Since against the file's time to the second.
   */
  static boolean notModified(HttpServerRequest req, String etag, long mtimeMillis) {
    String inm = req.getHeader(HttpHeaderNames.IF_NONE_MATCH);
    if (inm != null) {
      return matches(inm, etag, true);
    }
    String ims = req.getHeader(HttpHeaderNames.IF_MODIFIED_SINCE);
    if (ims != null) {
      long since = HttpDates.parseSeconds(ims);
      return since >= 0 && mtimeMillis / 1000 <= since;
    }
    return false;
  }

  /** Whether a Range header is to be honoured: always without If-Range, else only if it still names this file. */
  static boolean rangeApplies(HttpServerRequest req, String etag, long mtimeMillis) {
    String ifRange = req.getHeader(HttpHeaderNames.IF_RANGE);
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      return matches(v, etag, false);
    }
    long date = HttpDates.parseSeconds(v);
    return date >= 0 && mtimeMillis / 1000 == date;
  }

  private static boolean matches(String list, String etag, boolean weak) {
    for (String t : list.split(",")) {
      String tag = t.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (weak && tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
