package dev.sluice.broker.impl;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions as a tree of topic levels, so a publish costs the depth of its topic rather than
 * the number of filters. {@code +} matches one level, {@code #} the rest (and the parent level);
 * topics starting with '$' are matched only by filters that name their first level. Filters of the
 * form {@code $share/GROUP/filter} are shared: each message goes to one member of the group, in
 * turn. Confined to the broker's event loop.
 */
final class SubscriptionTree {

  /** One level of the tree. */
  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    /** Ordinary subscribers at this level, with their QoS. */
    final Map<Session, Integer> subscribers = new LinkedHashMap<>();
    /** Shared groups at this level: group name → members with their QoS. */
    final Map<String, Map<Session, Integer>> groups = new HashMap<>();

    boolean isEmpty() {
      return children.isEmpty() && subscribers.isEmpty() && groups.isEmpty();
    }
  }

  /** A filter split into its shared group (or null) and the filter proper. */
  record Parsed(String group, String filter) {
    static Parsed of(String f) {
      if (f.startsWith("$share/")) {
        int slash = f.indexOf('/', 7);
        if (slash > 7 && slash < f.length() - 1) {
          return new Parsed(f.substring(7, slash), f.substring(slash + 1));
        }
      }
      return new Parsed(null, f);
    }
  }

  private final Node root = new Node();
  /** Round-robin position per shared group. */
  private final Map<String, Integer> turns = new HashMap<>();

  void subscribe(String filter, Session s, int qos) {
    Parsed p = Parsed.of(filter);
    Node n = root;
    for (String level : p.filter().split("/", -1)) {
      n = n.children.computeIfAbsent(level, k -> new Node());
    }
    if (p.group() == null) {
      n.subscribers.put(s, qos);
    } else {
      n.groups.computeIfAbsent(p.group(), k -> new LinkedHashMap<>()).put(s, qos);
    }
  }

  void unsubscribe(String filter, Session s) {
    Parsed p = Parsed.of(filter);
    remove(root, p.filter().split("/", -1), 0, p.group(), s);
  }

  private static boolean remove(Node n, String[] levels, int i, String group, Session s) {
    if (i == levels.length) {
      if (group == null) {
        n.subscribers.remove(s);
      } else {
        Map<Session, Integer> members = n.groups.get(group);
        if (members != null) {
          members.remove(s);
          if (members.isEmpty()) {
            n.groups.remove(group);
          }
        }
      }
    } else {
      Node child = n.children.get(levels[i]);
      if (child != null && remove(child, levels, i + 1, group, s)) {
        n.children.remove(levels[i]);
      }
    }
    return n.isEmpty();
  }

  /** Every session that should receive a message on {@code topic}, once each, with its highest QoS. */
  Map<Session, Integer> match(String topic) {
    Map<Session, Integer> out = new LinkedHashMap<>();
    String[] levels = topic.split("/", -1);
    walk(root, levels, 0, topic.startsWith("$"), out);
    return out;
  }

  private void walk(Node n, String[] levels, int i, boolean dollar, Map<Session, Integer> out) {
    boolean wildcardsAllowed = !(dollar && i == 0);
    if (wildcardsAllowed) {
      Node hash = n.children.get("#");
      if (hash != null) {
        collect(hash, out);
      }
    }
    if (i == levels.length) {
      collect(n, out);
      return;
    }
    Node exact = n.children.get(levels[i]);
    if (exact != null) {
      walk(exact, levels, i + 1, dollar, out);
    }
    if (wildcardsAllowed) {
      Node plus = n.children.get("+");
      if (plus != null) {
        walk(plus, levels, i + 1, dollar, out);
      }
    }
  }

  private void collect(Node n, Map<Session, Integer> out) {
    n.subscribers.forEach((s, q) -> out.merge(s, q, Math::max));
    for (Map.Entry<String, Map<Session, Integer>> g : n.groups.entrySet()) {
      List<Map.Entry<Session, Integer>> members = List.copyOf(g.getValue().entrySet());
      int start = Math.floorMod(turns.merge(g.getKey(), 1, Integer::sum), members.size());
      // The member whose turn it is, or the next one that is connected.
      Map.Entry<Session, Integer> chosen = members.get(start);
      for (int k = 0; k < members.size(); k++) {
        Map.Entry<Session, Integer> m = members.get((start + k) % members.size());
        if (m.getKey().isOnline()) {
          chosen = m;
          break;
        }
      }
      out.merge(chosen.getKey(), chosen.getValue(), Math::max);
    }
  }
}
