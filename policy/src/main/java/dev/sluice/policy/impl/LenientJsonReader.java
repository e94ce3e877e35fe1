package dev.sluice.policy.impl;

import dev.sluice.policy.PolicyProblem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads JSON the way lws's LEJP parser accepts it, and says each time it was lenient.
 *
 * <p>LEJP acts on each value as it arrives, so lws policies in the wild rely on: a trailing comma
 * before ']' or '}', a '}' that closes an array, and a document cut short (what was complete is
 * kept). Strict JSON parsers refuse all three, so this small reader exists instead of Jackson. It
 * still refuses what LEJP refuses (a stray character, an unquoted key, a comment) and what we must
 * not accept (nesting deeper than a limit, control characters in strings).
 *
 * <p>Each leniency used becomes a warning with its position; a syntax error stops the read and is
 * reported with its position. Not thread-safe; one instance reads one document.
 */
public final class LenientJsonReader {

  /** What the reader produced: a root (null on a syntax error or an empty document) and problems. */
  public record Result(JNode root, List<PolicyProblem> warnings, PolicyProblem error) {}

  /** Thrown inside the reader to unwind on a syntax error; never escapes {@link #read}. */
  private static final class SyntaxError extends RuntimeException {
    SyntaxError() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private final int maxDepth;
  private final List<PolicyProblem> warnings = new ArrayList<>();
  /** JSON Pointer tokens of the value being read, for messages. */
  private final Deque<String> path = new ArrayDeque<>();
  /** Index of the next character to read. */
  private int pos;
  /** Line and column of {@link #pos}. */
  private int line = 1;
  private int col = 1;
  /** Set once the input ended inside an unfinished value. */
  private boolean truncated;
  /** The syntax error that stopped the read, if any. */
  private PolicyProblem error;

  private LenientJsonReader(String text, int maxDepth) {
    this.text = text;
    this.maxDepth = maxDepth;
  }

  /** Reads one JSON document. Never throws for bad input: problems are in the result. */
  public static Result read(String text, int maxDepth) {
    LenientJsonReader r = new LenientJsonReader(text, maxDepth);
    JNode root = null;
    try {
      root = r.document();
    } catch (SyntaxError e) {
      root = null;
    }
    return new Result(r.error == null ? root : null, List.copyOf(r.warnings), r.error);
  }

  private JNode document() {
    skipWs();
    if (atEnd()) {
      fail("the policy is empty");
    }
    JNode root = value(1);
    if (root == null) {
      return null;
    }
    skipWs();
    if (!atEnd() && !truncated) {
      trailingClosers();
    }
    return root;
  }

  /**
   * Closing brackets left after the root closed (a stray '}' earlier closed a level too soon) are
   * ignored with a warning; anything else after the root is an error.
   */
  private void trailingClosers() {
    int l = line;
    int c = col;
    while (!atEnd()) {
      char ch = peek();
      if (ch != ']' && ch != '}' && ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
        fail("unexpected " + describe(ch) + " after the end of the policy");
      }
      next();
    }
    warn(l, c, "extra closing bracket(s) after the end of the policy ignored (a '}' or ']' too many earlier"
        + " closed a level too soon; check the brackets)");
  }

  /** Reads a value; returns null when the input ended before a scalar was complete. */
  private JNode value(int depth) {
    skipWs();
    if (atEnd()) {
      endedInside("a value");
      return null;
    }
    char c = peek();
    int l = line;
    int cl = col;
    switch (c) {
      case '{':
        return object(depth, l, cl);
      case '[':
        return array(depth, l, cl);
      case '"': {
        String s = string();
        return s == null ? null : new JNode.JString(l, cl, s);
      }
      case 't':
        return literal("true", l, cl) ? new JNode.JBool(l, cl, true) : null;
      case 'f':
        return literal("false", l, cl) ? new JNode.JBool(l, cl, false) : null;
      case 'n':
        return literal("null", l, cl) ? new JNode.JNull(l, cl) : null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number(l, cl);
        }
        fail("unexpected " + describe(c) + " where a value should start");
        return null;
    }
  }

  private void checkDepth(int depth) {
    if (depth > maxDepth) {
      fail("nesting deeper than the limit of " + maxDepth + " levels");
    }
  }

  private JNode.JObject object(int depth, int l, int cl) {
    checkDepth(depth);
    next(); // '{'
    JNode.JObject obj = new JNode.JObject(l, cl);
    boolean first = true;
    while (true) {
      skipWs();
      if (atEnd()) {
        endedInside("an object");
        return obj;
      }
      char c = peek();
      if (c == '}') {
        next();
        return obj;
      }
      if (c == ']') {
        // LEJP pops a level without checking its kind, in this direction too.
        warn(line, col, "']' closes the object opened at line " + l + ":" + cl + " (accepted, as lws does; use '}')");
        next();
        return obj;
      }
      if (!first) {
        if (c != ',') {
          fail("expected ',' or '}' but found " + describe(c));
        }
        int cLine = line;
        int cCol = col;
        next();
        skipWs();
        if (!atEnd() && peek() == '}') {
          warn(cLine, cCol, "trailing comma before '}' (accepted, as lws does; remove it)");
          next();
          return obj;
        }
        if (atEnd()) {
          endedInside("an object");
          return obj;
        }
        c = peek();
      }
      first = false;
      if (c != '"') {
        fail("expected a quoted key but found " + describe(c));
      }
      int kl = line;
      int kc = col;
      String key = string();
      if (key == null) {
        return obj;
      }
      skipWs();
      if (atEnd()) {
        endedInside("an object");
        return obj;
      }
      if (peek() != ':') {
        fail("expected ':' after key \"" + key + "\" but found " + describe(peek()));
      }
      next();
      path.addLast(escape(key));
      JNode v = value(depth + 1);
      path.removeLast();
      if (v != null) {
        obj.add(new JNode.Member(key, kl, kc, v));
      }
      if (truncated) {
        return obj;
      }
    }
  }

  private JNode.JArray array(int depth, int l, int cl) {
    checkDepth(depth);
    next(); // '['
    JNode.JArray arr = new JNode.JArray(l, cl);
    boolean first = true;
    while (true) {
      skipWs();
      if (atEnd()) {
        endedInside("an array");
        return arr;
      }
      char c = peek();
      if (c == ']') {
        next();
        return arr;
      }
      if (c == '}') {
        // LEJP pops a level without checking its kind, so lws accepts this.
        warn(line, col, "'}' closes the array opened at line " + l + ":" + cl + " (accepted, as lws does; use ']')");
        next();
        return arr;
      }
      if (!first) {
        if (c != ',') {
          fail("expected ',' or ']' but found " + describe(c));
        }
        int cLine = line;
        int cCol = col;
        next();
        skipWs();
        if (!atEnd() && (peek() == ']' || peek() == '}')) {
          warn(cLine, cCol, "trailing comma before '" + peek() + "' (accepted, as lws does; remove it)");
          continue;
        }
      }
      first = false;
      path.addLast(Integer.toString(arr.items().size()));
      JNode v = value(depth + 1);
      path.removeLast();
      if (v != null) {
        arr.add(v);
      }
      if (truncated) {
        return arr;
      }
    }
  }

  /** Reads a quoted string; null when the input ended inside it. */
  private String string() {
    int l = line;
    int cl = col;
    next(); // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (atEnd()) {
        endedInside("the string that starts at line " + l + ":" + cl);
        return null;
      }
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        if (atEnd()) {
          endedInside("the string that starts at line " + l + ":" + cl);
          return null;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            Integer cp = hex4();
            if (cp == null) {
              return null;
            }
            sb.append((char) cp.intValue());
          }
          default -> failBack("invalid escape '\\" + e + "' in a string");
        }
      } else if (c < 0x20) {
        failBack(String.format("control character U+%04X in a string (escape it)", (int) c));
      } else {
        sb.append(c);
      }
    }
  }

  private Integer hex4() {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      if (atEnd()) {
        endedInside("a \\u escape");
        return null;
      }
      int d = Character.digit(next(), 16);
      if (d < 0) {
        failBack("invalid \\u escape: expected 4 hex digits");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private JNode.JNumber number(int l, int cl) {
    int start = pos;
    while (!atEnd() && "+-0123456789.eE".indexOf(peek()) >= 0) {
      next();
    }
    String t = text.substring(start, pos);
    if (atEnd()) {
      // A number is complete only once a delimiter follows it, as in LEJP.
      endedInside("the number " + t);
      return null;
    }
    if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      error = new PolicyProblem(pointer(), l, cl, "malformed number " + t);
      throw new SyntaxError();
    }
    return new JNode.JNumber(l, cl, t);
  }

  private boolean literal(String word, int l, int cl) {
    for (int i = 0; i < word.length(); i++) {
      if (atEnd()) {
        endedInside("the literal " + word);
        return false;
      }
      if (peek() != word.charAt(i)) {
        error = new PolicyProblem(pointer(), l, cl, "unexpected word where a value should start (expected " + word + ")");
        throw new SyntaxError();
      }
      next();
    }
    return true;
  }

  private void skipWs() {
    while (!atEnd()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        next();
      } else {
        return;
      }
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }

  private char next() {
    char c = text.charAt(pos++);
    if (c == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    return c;
  }

  private void endedInside(String what) {
    if (!truncated) {
      truncated = true;
      warn(line, col, "the policy ends inside " + what
          + " (accepted, as lws does: what was complete is kept; the rest is lost)");
    }
  }

  private void warn(int l, int c, String reason) {
    warnings.add(new PolicyProblem(pointer(), l, c, reason));
  }

  private void fail(String reason) {
    error = new PolicyProblem(pointer(), line, col, reason);
    throw new SyntaxError();
  }

  /** Fails at the character just consumed. */
  private void failBack(String reason) {
    error = new PolicyProblem(pointer(), line, Math.max(1, col - 1), reason);
    throw new SyntaxError();
  }

  private String pointer() {
    StringBuilder sb = new StringBuilder();
    for (String t : path) {
      sb.append('/').append(t);
    }
    return sb.toString();
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String describe(char c) {
    if (c < 0x20 || c == 0x7f) {
      return String.format("control character U+%04X", (int) c);
    }
    return "'" + c + "'";
  }
}
