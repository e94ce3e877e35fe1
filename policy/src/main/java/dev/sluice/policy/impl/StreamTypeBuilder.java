package dev.sluice.policy.impl;

import dev.sluice.policy.MetadataDecl;
import dev.sluice.policy.Protocol;
import dev.sluice.policy.ResponseMapping;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.policy.Template;
import dev.sluice.policy.ValueType;
import dev.sluice.policy.impl.JNode.JArray;
import dev.sluice.policy.impl.JNode.JObject;
import dev.sluice.policy.impl.JNode.JString;
import dev.sluice.policy.impl.JNode.Member;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the streamtypes of {@code s[]}: every key of {@link StreamKey}, checked by its type. */
final class StreamTypeBuilder {

  static final int MAX_METADATA = 255;
  static final int MAX_METADATA_NAME = 30;
  static final int MAX_RESPONSE_MAP = 16;

  private final PolicyBuilder policy;
  private final Problems problems;
  /** Where each streamtype was defined in this document, for duplicate warnings. */
  private final Map<String, Member> definedHere = new HashMap<>();
  /** rideshare references to check once every streamtype is known: pointer → member. */
  private final Map<String, Member> rideshares = new LinkedHashMap<>();

  StreamTypeBuilder(PolicyBuilder policy) {
    this.policy = policy;
    this.problems = policy.problems;
  }

  void streamTypes(String ptr, JNode node) {
    if (!(node instanceof JArray arr)) {
      problems.error(ptr, node, "\"s\" must be an array of objects, not " + node.kind());
      return;
    }
    for (int i = 0; i < arr.items().size(); i++) {
      JNode item = arr.items().get(i);
      String ip = Pointer.child(ptr, i);
      if (!(item instanceof JObject obj)) {
        problems.error(ip, item, "each \"s\" entry must be an object of streamtypes, not " + item.kind());
        continue;
      }
      for (Member m : obj.members()) {
        streamType(Pointer.child(ip, m.key()), m);
      }
    }
  }

  private void streamType(String ptr, Member m) {
    String name = m.key();
    if (name.isEmpty()) {
      problems.error(ptr, m.value(), "a streamtype name cannot be empty");
      return;
    }
    if (name.length() > StreamType.MAX_NAME_LENGTH) {
      problems.error(ptr, m.value(), "streamtype name \"" + name + "\" is " + name.length()
          + " characters; lws allows at most " + StreamType.MAX_NAME_LENGTH);
      return;
    }
    if (!(m.value() instanceof JObject obj)) {
      problems.error(ptr, m.value(), "streamtype \"" + name + "\" must be an object, not " + m.value().kind());
      return;
    }
    Member earlier = definedHere.put(name, m);
    if (earlier != null) {
      problems.warn(ptr, m.line(), m.column(), "duplicate streamtype \"" + name + "\" (first at line "
          + earlier.line() + ":" + earlier.column() + "); this later one is used, as in lws");
    }
    // An overlay sets its keys over an existing streamtype of the same name (lws_ss_policy_overlay).
    StreamType base = earlier == null ? policy.streamTypes.get(name) : null;
    EnumMap<StreamKey, Object> values = new EnumMap<>(StreamKey.class);
    if (base != null) {
      values.putAll(base.values());
    }
    Map<StreamKey, JNode> given = new EnumMap<>(StreamKey.class);
    for (Member k : obj.members()) {
      key(ptr, k, values, given);
    }
    checkTemplates(ptr, name, values, given);
    policy.streamTypes.put(name, new StreamType(name, values));
  }

  private void key(String stPtr, Member k, Map<StreamKey, Object> values, Map<StreamKey, JNode> given) {
    String ptr = Pointer.child(stPtr, k.key());
    StreamKey key = StreamKey.byPolicyName(k.key()).orElse(null);
    if (key == null) {
      String what = k.key().startsWith(StreamKey.EXTENSION_PREFIX) ? "unknown Sluice extension key \"" : "unknown key \"";
      problems.warn(ptr, k.line(), k.column(), what + k.key() + "\" ignored, as lws ignores unknown keys"
          + suggestion(k.key()));
      return;
    }
    if (given.put(key, k.value()) != null) {
      problems.warn(ptr, k.line(), k.column(), "key \"" + k.key() + "\" given twice; the later value is used");
    }
    Object v = value(ptr, key, k.value(), values);
    if (v != null) {
      values.put(key, v);
    }
  }

  /** The typed value, or null when it is unset (a false flag) or wrong (an error was recorded). */
  private Object value(String ptr, StreamKey key, JNode node, Map<StreamKey, Object> values) {
    ValueType type = key.type();
    switch (type) {
      case STRING, METADATA_REF:
        return Values.string(problems, ptr, node, null);
      case TEMPLATE:
        return template(ptr, node);
      case FLAG:
        return Values.flag(problems, ptr, node, false);
      case FLAG_ANY_BOOL:
        return Values.flag(problems, ptr, node, true);
      case UINT8:
        return integer(ptr, node, 0, 0xff);
      case UINT16:
        return integer(ptr, node, 0, 0xffff);
      case UINT32:
        return integer(ptr, node, 0, 0xffffffffL);
      case HTTP_STATUS:
        return integer(ptr, node, 100, 999);
      case PRIORITY:
        return integer(ptr, node, 0, 7);
      case QOS:
        return integer(ptr, node, 0, 2);
      case PROTOCOL:
        return protocol(ptr, node);
      case RETRY_REF:
        return reference(ptr, node, "retry policy", policy.retries.keySet());
      case TRUST_STORE_REF:
        return reference(ptr, node, "trust store", policy.trustStores.keySet());
      case AUTH_REF:
        return reference(ptr, node, "auth", policy.auths.keySet());
      case CERT_REF:
        return reference(ptr, node, "cert", policy.certs.keySet());
      case STREAMTYPE_REF: {
        String s = Values.string(problems, ptr, node, null);
        if (s != null) {
          rideshares.put(ptr, new Member(s, node.line, node.column, node));
        }
        return s;
      }
      case METADATA:
        return metadata(ptr, node);
      case RESPONSE_MAP:
        return responseMap(ptr, node);
      case OPTIONS:
        return options(ptr, node);
      case PATH: {
        String s = Values.string(problems, ptr, node, null);
        return s == null ? null : Values.path(s, policy.baseDir);
      }
      case IGNORED:
        problems.warn(ptr, node.line, node.column, "\"" + key.policyName()
            + "\" is deprecated and ignored, as in lws");
        return null;
      default:
        throw new IllegalStateException("no reader for " + type);
    }
  }

  private Long integer(String ptr, JNode node, long min, long max) {
    int before = problems.errors().size();
    long v = Values.integer(problems, ptr, node, min, max, 0);
    return problems.errors().size() == before ? v : null;
  }

  private Template template(String ptr, JNode node) {
    String s = Values.string(problems, ptr, node, null);
    if (s == null) {
      return null;
    }
    try {
      return Template.parse(s);
    } catch (IllegalArgumentException e) {
      problems.error(ptr, node, e.getMessage() + " in \"" + s + "\"");
      return null;
    }
  }

  private Protocol protocol(String ptr, JNode node) {
    String s = Values.string(problems, ptr, node, null);
    if (s == null) {
      return null;
    }
    Protocol p = Protocol.byPolicyName(s).orElse(null);
    if (p == null) {
      problems.error(ptr, node, "unknown protocol \"" + s + "\" (valid: " + Protocol.validNames() + ")");
    }
    return p;
  }

  private String reference(String ptr, JNode node, String kind, java.util.Set<String> defined) {
    String s = Values.string(problems, ptr, node, null);
    if (s == null) {
      return null;
    }
    if (!defined.contains(s)) {
      problems.error(ptr, node, policy.later.unknown(kind, s, defined, node));
      return null;
    }
    return s;
  }

  private List<MetadataDecl> metadata(String ptr, JNode node) {
    if (!(node instanceof JArray arr)) {
      problems.error(ptr, node, "\"metadata\" must be an array of {\"name\": \"header:\"} objects, not "
          + node.kind());
      return null;
    }
    List<MetadataDecl> out = new ArrayList<>();
    Map<String, Member> seen = new HashMap<>();
    for (int i = 0; i < arr.items().size(); i++) {
      JNode item = arr.items().get(i);
      String ip = Pointer.child(ptr, i);
      if (!(item instanceof JObject obj)) {
        problems.error(ip, item, "each metadata entry must be an object, not " + item.kind());
        continue;
      }
      for (Member m : obj.members()) {
        metadataItem(Pointer.child(ip, m.key()), m, out, seen);
      }
    }
    return List.copyOf(out);
  }

  private void metadataItem(String ptr, Member m, List<MetadataDecl> out, Map<String, Member> seen) {
    String name = m.key();
    if (name.isEmpty()) {
      problems.error(ptr, m.value(), "a metadata name cannot be empty");
      return;
    }
    if (name.length() > MAX_METADATA_NAME) {
      problems.error(ptr, m.value(), "metadata name \"" + name + "\" is " + name.length()
          + " characters; lws allows at most " + MAX_METADATA_NAME);
      return;
    }
    String binding = Values.string(problems, ptr, m.value(), null);
    if (binding == null) {
      return;
    }
    if (seen.put(name, m) != null) {
      problems.warn(ptr, m.line(), m.column(), "metadata \"" + name + "\" declared twice; the first is used");
      return;
    }
    if (out.size() == MAX_METADATA) {
      problems.error(ptr, m.value(), "more than " + MAX_METADATA + " metadata entries (lws's limit)");
      return;
    }
    out.add(new MetadataDecl(name, binding, out.size()));
  }

  private List<ResponseMapping> responseMap(String ptr, JNode node) {
    if (!(node instanceof JArray arr)) {
      problems.error(ptr, node, "\"http_resp_map\" must be an array of {\"<status>\": <state>} objects, not "
          + node.kind());
      return null;
    }
    List<ResponseMapping> out = new ArrayList<>();
    for (int i = 0; i < arr.items().size(); i++) {
      JNode item = arr.items().get(i);
      String ip = Pointer.child(ptr, i);
      if (!(item instanceof JObject obj)) {
        problems.error(ip, item, "each http_resp_map entry must be an object, not " + item.kind());
        continue;
      }
      for (Member m : obj.members()) {
        String mp = Pointer.child(ip, m.key());
        if (out.size() == MAX_RESPONSE_MAP) {
          problems.error(mp, m.value(), "more than " + MAX_RESPONSE_MAP + " http_resp_map entries (lws's limit)");
          return List.copyOf(out);
        }
        if (!m.key().matches("[1-9][0-9]{2}")) {
          problems.error(mp, m.value(), "\"" + m.key() + "\" is not an HTTP status (100 to 999)");
          continue;
        }
        Long state = integer(mp, m.value(), 0, 0xffffffffL);
        if (state != null) {
          out.add(new ResponseMapping(Integer.parseInt(m.key()), state.intValue()));
        }
      }
    }
    return List.copyOf(out);
  }

  private Map<String, String> options(String ptr, JNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    List<JNode> items = node instanceof JArray a ? a.items() : List.of(node);
    for (int i = 0; i < items.size(); i++) {
      JNode item = items.get(i);
      String ip = node instanceof JArray ? Pointer.child(ptr, i) : ptr;
      if (!(item instanceof JObject obj)) {
        problems.error(ip, item, "\"options\" entries must be objects of strings, not " + item.kind());
        continue;
      }
      for (Member m : obj.members()) {
        String v = Values.string(problems, Pointer.child(ip, m.key()), m.value(), null);
        if (v != null) {
          out.put(m.key(), v);
        }
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Every ${name} must name declared metadata, as must aws_region and aws_service. */
  private void checkTemplates(String stPtr, String name, Map<StreamKey, Object> values,
      Map<StreamKey, JNode> given) {
    @SuppressWarnings("unchecked")
    List<MetadataDecl> md = (List<MetadataDecl>) values.getOrDefault(StreamKey.METADATA, List.of());
    List<String> declared = md.stream().map(MetadataDecl::name).toList();
    for (Map.Entry<StreamKey, Object> e : values.entrySet()) {
      StreamKey key = e.getKey();
      JNode at = given.get(key);
      if (at == null) {
        continue; // inherited from the base policy in an overlay: already checked there
      }
      if (e.getValue() instanceof Template t) {
        for (String var : t.names()) {
          if (!declared.contains(var)) {
            problems.error(Pointer.child(stPtr, key.policyName()), at, "${" + var + "} is not declared in the "
                + "metadata of streamtype \"" + name + "\" (declared: " + list(declared) + ")");
          }
        }
      } else if (key.type() == ValueType.METADATA_REF && !declared.contains((String) e.getValue())) {
        problems.warn(Pointer.child(stPtr, key.policyName()), at.line, at.column, "\"" + e.getValue()
            + "\" is not declared in the metadata of streamtype \"" + name + "\" (declared: " + list(declared) + ")");
      }
    }
  }

  /** A rideshare must name a streamtype of the policy; lws only finds out when it is used. */
  void checkRideshares(Map<String, ?> known) {
    for (Map.Entry<String, Member> e : rideshares.entrySet()) {
      Member m = e.getValue();
      if (!known.containsKey(m.key())) {
        problems.warn(e.getKey(), m.line(), m.column(), "rideshare names streamtype \"" + m.key()
            + "\", which the policy does not define");
      }
    }
  }

  private static String list(List<String> names) {
    return names.isEmpty() ? "none" : names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
  }

  /** "; did you mean ..." for a key close to a known one (a typo is the usual cause). */
  private static String suggestion(String key) {
    StreamKey best = null;
    int bestDistance = 3;
    for (StreamKey k : StreamKey.values()) {
      int d = Levenshtein.distance(key, k.policyName());
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best == null ? "" : " (did you mean \"" + best.policyName() + "\"?)";
  }
}
