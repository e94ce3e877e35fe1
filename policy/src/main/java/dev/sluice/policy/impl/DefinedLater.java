package dev.sluice.policy.impl;

import dev.sluice.policy.impl.JNode.JArray;
import dev.sluice.policy.impl.JNode.JObject;
import dev.sluice.policy.impl.JNode.JString;
import dev.sluice.policy.impl.JNode.Member;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where each retry, cert, trust store and auth name is defined anywhere in the document, so an
 * unknown-name error can say "defined later at line N" when the name exists but too late for lws.
 */
final class DefinedLater {

  /** kind + ":" + name → the node that defines it. */
  private final Map<String, JNode> definitions = new HashMap<>();

  static DefinedLater scan(JObject root) {
    DefinedLater d = new DefinedLater();
    for (Member m : root.members()) {
      switch (m.key()) {
        case "retry" -> d.namedEntries("retry policy", m.value());
        case "certs" -> d.namedEntries("cert", m.value());
        case "trust_stores" -> d.nameFields("trust store", m.value());
        case "auth" -> d.nameFields("auth", m.value());
        default -> { }
      }
    }
    return d;
  }

  private void namedEntries(String kind, JNode node) {
    if (node instanceof JArray arr) {
      for (JNode item : arr.items()) {
        if (item instanceof JObject obj) {
          for (Member m : obj.members()) {
            definitions.putIfAbsent(kind + ":" + m.key(), m.value());
          }
        }
      }
    }
  }

  private void nameFields(String kind, JNode node) {
    if (node instanceof JArray arr) {
      for (JNode item : arr.items()) {
        if (item instanceof JObject obj) {
          for (Member m : obj.members()) {
            if (m.key().equals("name") && m.value() instanceof JString s) {
              definitions.putIfAbsent(kind + ":" + s.value, m.value());
            }
          }
        }
      }
    }
  }

  /** The message for a reference to a name that is not (yet) defined. */
  String unknown(String kind, String name, Collection<String> defined, JNode use) {
    String list = defined.isEmpty() ? "none"
        : defined.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    String msg = "unknown " + kind + " \"" + name + "\" (defined: " + list + ")";
    JNode def = definitions.get(kind + ":" + name);
    if (def != null && (def.line > use.line || (def.line == use.line && def.column > use.column))) {
      msg += "; it is defined later, at line " + def.line + ":" + def.column
          + ", but lws needs a name defined before it is used";
    }
    return msg;
  }
}
