package dev.sluice.policy.impl;

import dev.sluice.policy.impl.JNode.JArray;
import dev.sluice.policy.impl.JNode.JBool;
import dev.sluice.policy.impl.JNode.JNumber;
import dev.sluice.policy.impl.JNode.JObject;
import dev.sluice.policy.impl.JNode.JString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of policy values, with lws's leniencies reported as warnings. */
final class Values {
  private Values() {}

  /** A string value; on any other kind records an error and returns {@code dflt}. */
  static String string(Problems problems, String ptr, JNode node, String dflt) {
    if (node instanceof JString s) {
      return s.value;
    }
    problems.error(ptr, node, "expected a string, not " + node.kind());
    return dflt;
  }

  /**
   * An integer in [min, max]. A string of digits is accepted with a warning, because lws reads
   * integers with atoi ("port": "443" works there).
   */
  static long integer(Problems problems, String ptr, JNode node, long min, long max, long dflt) {
    String text;
    if (node instanceof JNumber n) {
      if (!n.isInteger()) {
        problems.error(ptr, node, "expected an integer from " + min + " to " + max + ", not " + n.text);
        return dflt;
      }
      text = n.text;
    } else if (node instanceof JString s && s.value.trim().matches("-?[0-9]{1,19}")) {
      problems.warn(ptr, node.line, node.column, "number given as a string \"" + s.value
          + "\" (accepted, as lws reads it with atoi; write it without quotes)");
      text = s.value.trim();
    } else {
      String got = node instanceof JString s ? "the string \"" + s.value + "\"" : node.kind();
      problems.error(ptr, node, "expected an integer from " + min + " to " + max + ", not " + got);
      return dflt;
    }
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      problems.error(ptr, node, text + " is out of range (" + min + " to " + max + ")");
      return dflt;
    }
    if (v < min || v > max) {
      problems.error(ptr, node, v + " is out of range (" + min + " to " + max + ")");
      return dflt;
    }
    return v;
  }

  /**
   * A flag: {@code true} sets it; {@code false} leaves it off (as in lws); anything else is an
   * error. Returns null when the flag stays off.
   */
  static Boolean flag(Problems problems, String ptr, JNode node, boolean anyBoolSets) {
    if (node instanceof JBool b) {
      return b.value || anyBoolSets ? Boolean.TRUE : null;
    }
    problems.error(ptr, node, "expected true or false, not " + describe(node));
    return null;
  }

  /** A list of file paths (a string or an array of strings), resolved against {@code baseDir}. */
  static List<String> paths(Problems problems, String ptr, JNode node, Path baseDir) {
    List<String> out = new ArrayList<>();
    if (node instanceof JString s) {
      out.add(path(s.value, baseDir));
    } else if (node instanceof JArray a) {
      for (int i = 0; i < a.items().size(); i++) {
        String p = string(problems, Pointer.child(ptr, i), a.items().get(i), null);
        if (p != null) {
          out.add(path(p, baseDir));
        }
      }
    } else {
      problems.error(ptr, node, "expected a file path or an array of them, not " + node.kind());
    }
    return out;
  }

  static String path(String p, Path baseDir) {
    if (baseDir == null || p.isEmpty() || Path.of(p).isAbsolute()) {
      return p;
    }
    return baseDir.resolve(p).normalize().toString();
  }

  /** The value as plain Java (String, Long, Double, Boolean, List, Map, null) for extensions. */
  static Object plain(JNode node) {
    if (node instanceof JString s) {
      return s.value;
    }
    if (node instanceof JNumber n) {
      if (n.isInteger()) {
        try {
          return Long.parseLong(n.text);
        } catch (NumberFormatException e) {
          return Double.parseDouble(n.text);
        }
      }
      return Double.parseDouble(n.text);
    }
    if (node instanceof JBool b) {
      return b.value;
    }
    if (node instanceof JArray a) {
      List<Object> l = new ArrayList<>();
      a.items().forEach(i -> l.add(plain(i)));
      return java.util.Collections.unmodifiableList(l);
    }
    if (node instanceof JObject o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.members().forEach(mem -> m.put(mem.key(), plain(mem.value())));
      return java.util.Collections.unmodifiableMap(m);
    }
    return null;
  }

  static String describe(JNode node) {
    if (node instanceof JString s) {
      return "the string \"" + s.value + "\"";
    }
    if (node instanceof JNumber n) {
      return "the number " + n.text;
    }
    return node.kind();
  }
}
