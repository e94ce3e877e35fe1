package dev.sluice.web.impl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns a request path into a clean one that cannot leave a mount: percent-escapes decoded (as
 * UTF-8, strictly), then "." and empty segments dropped and ".." applied, clamped at "/" as lws
 * does ({@code /../../etc/passwd} becomes {@code /etc/passwd}). Paths that are not origin-form, have
 * a broken escape, invalid UTF-8, a control character (NUL included) or a backslash are refused.
 */
public final class UrlPath {
  private UrlPath() {}

  /** Why a path was refused; the message names the rule. */
  public static final class BadPathException extends Exception {
    BadPathException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The normalised path: starts with "/", no "." or ".." or empty segments, ends with "/" only when
   * the request's did (so a directory can be told from a file) or it is "/".
   */
  public static String normalize(String raw) throws BadPathException {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
      throw new BadPathException("request target is not an absolute path");
    }
    String decoded = decode(raw);
    if (alreadyNormal(decoded)) {
      return decoded; // the usual case: nothing to drop or apply, and no copy to make
    }
    return resolveSegments(decoded);
  }

  /** Drops empty and "." segments and applies "..", clamped at "/"; {@code decoded} starts with "/". */
  public static String resolveSegments(String decoded) {
    Deque<String> segments = new ArrayDeque<>();
    int start = 1;
    for (int i = 1; i <= decoded.length(); i++) {
      if (i == decoded.length() || decoded.charAt(i) == '/') {
        String seg = decoded.substring(start, i);
        if (seg.equals("..")) {
          segments.pollLast();
        } else if (!seg.isEmpty() && !seg.equals(".")) {
          segments.addLast(seg);
        }
        start = i + 1;
      }
    }
    StringBuilder sb = new StringBuilder(decoded.length());
    for (String s : segments) {
      sb.append('/').append(s);
    }
    // A trailing "/", "/." or "/.." names a directory.
    boolean dir = decoded.endsWith("/") || decoded.endsWith("/.") || decoded.endsWith("/..");
    if (sb.length() == 0 || dir) {
      sb.append('/');
    }
    return sb.toString();
  }

  /** Whether {@code p} (starting with "/") has no empty, "." or ".." segment: then it is its own normal form. */
  public static boolean alreadyNormal(String p) {
    int n = p.length();
    for (int i = 0; i < n; i++) {
      if (p.charAt(i) != '/') {
        continue;
      }
      int j = i + 1;
      if (j == n) {
        return true; // a trailing "/" is kept
      }
      char c = p.charAt(j);
      if (c == '/') {
        return false;
      }
      if (c == '.') {
        int k = j + 1;
        if (k == n || p.charAt(k) == '/') {
          return false;
        }
        if (p.charAt(k) == '.' && (k + 1 == n || p.charAt(k + 1) == '/')) {
          return false;
        }
      }
    }
    return true;
  }

  private static String decode(String raw) throws BadPathException {
    if (raw.indexOf('%') < 0) {
      checkChars(raw);
      for (int i = 0; i < raw.length(); i++) {
        if (raw.charAt(i) >= 0x80) {
          throw new BadPathException("raw non-ASCII character in path (it must be percent-encoded)");
        }
      }
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new BadPathException("truncated percent-escape at offset " + i);
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new BadPathException("bad percent-escape \"" + raw.substring(i, i + 3) + "\" at offset " + i);
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        throw new BadPathException("raw non-ASCII character in path (it must be percent-encoded)");
      }
    }
    bytes.flip();
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new BadPathException("path is not valid UTF-8 once decoded");
    }
    checkChars(s);
    return s;
  }

  private static void checkChars(String s) throws BadPathException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new BadPathException("control character 0x" + Integer.toHexString(c) + " in path");
      }
      if (c == '\\') {
        throw new BadPathException("backslash in path");
      }
    }
  }
}
