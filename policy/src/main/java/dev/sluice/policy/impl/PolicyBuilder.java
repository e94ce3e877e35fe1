package dev.sluice.policy.impl;

import dev.sluice.policy.AuthPolicy;
import dev.sluice.policy.Cert;
import dev.sluice.policy.MetricsPolicy;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyProblem;
import dev.sluice.policy.RetryPolicy;
import dev.sluice.policy.StreamType;
import dev.sluice.policy.TrustStore;
import dev.sluice.policy.impl.JNode.JArray;
import dev.sluice.policy.impl.JNode.JObject;
import dev.sluice.policy.impl.JNode.JString;
import dev.sluice.policy.impl.JNode.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns the JSON tree of a policy into the model, checking every rule lws checks and collecting
 * every problem rather than stopping at the first. Names are resolved in document order, as lws's
 * streaming parser does: a reference to a name defined later is an error.
 *
 * <p>Top-level sections are handled here; streamtypes by {@link StreamTypeBuilder}.
 */
public final class PolicyBuilder {

  /** The top-level keys lws knows (besides Sluice's extensions). */
  private static final List<String> TOP_LEVEL_KEYS = List.of(
      "release", "product", "schema-version", "via-socks5", "retry", "certs", "trust_stores", "metrics", "auth", "s");

  static final int MAX_TRUST_STORE_CERTS = 6;
  static final int MAX_CERT_BYTES = 3072;
  static final int MAX_AUTH_BLOB = 3;

  final Problems problems;
  /** Definitions seen so far, in document order; references may only name these. */
  final Map<String, RetryPolicy> retries = new LinkedHashMap<>();
  final Map<String, Cert> certs = new LinkedHashMap<>();
  final Map<String, TrustStore> trustStores = new LinkedHashMap<>();
  final Map<String, AuthPolicy> auths = new LinkedHashMap<>();
  final List<MetricsPolicy> metrics = new ArrayList<>();
  final Map<String, StreamType> streamTypes = new LinkedHashMap<>();
  /** Names defined anywhere in the document, to say "defined later" instead of "unknown". */
  final DefinedLater later;
  private final Map<String, Object> extensions = new LinkedHashMap<>();
  /** Builds s[] entries; one for the whole document so duplicates across "s" arrays are seen. */
  private final StreamTypeBuilder streamTypeBuilder;
  private String release = "";
  private String product = "";
  private int schemaVersion;
  private String viaSocks5 = "";
  /** The directory relative paths are resolved against, or null to keep them as written. */
  final java.nio.file.Path baseDir;

  private PolicyBuilder(Problems problems, Policy base, JObject root, java.nio.file.Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
    this.later = DefinedLater.scan(root);
    this.streamTypeBuilder = new StreamTypeBuilder(this);
    if (base != null) {
      retries.putAll(base.retries());
      certs.putAll(base.certs());
      trustStores.putAll(base.trustStores());
      auths.putAll(base.auths());
      metrics.addAll(base.metrics());
      streamTypes.putAll(base.streamTypes());
      extensions.putAll(base.extensions());
      release = base.release();
      product = base.product();
      schemaVersion = base.schemaVersion();
      viaSocks5 = base.viaSocks5();
    }
  }

  /**
   * Builds a policy from a tree; {@code base} is null for a whole policy, or the policy an overlay
   * fragment is laid over. Problems go to {@code problems}; the result is meaningful only when no
   * error was recorded.
   */
  public static Policy build(JNode root, Policy base, Problems problems, java.nio.file.Path baseDir) {
    if (root == null) {
      // the reader found no value at all (a mutated or empty input it could not even start on)
      problems.error(new dev.sluice.policy.PolicyProblem("", 1, 1, "a policy must be a JSON object, not nothing"));
      return Policy.empty();
    }
    if (!(root instanceof JObject obj)) {
      problems.error("", root, "a policy must be a JSON object, not " + root.kind());
      return Policy.empty();
    }
    PolicyBuilder b = new PolicyBuilder(problems, base, obj, baseDir);
    b.topLevel(obj);
    b.streamTypeBuilder.checkRideshares(b.streamTypes);
    return b.policy();
  }

  private Policy policy() {
    return new Policy(release, product, schemaVersion, viaSocks5, retries, certs, trustStores, metrics, auths,
        streamTypes, extensions);
  }

  private void topLevel(JObject root) {
    Map<String, Member> seen = new LinkedHashMap<>();
    for (Member m : root.members()) {
      String ptr = Pointer.child("", m.key());
      Member earlier = seen.put(m.key(), m);
      if (earlier != null && !m.key().equals("s")) {
        problems.warn(ptr, m.line(), m.column(), "duplicate key \"" + m.key() + "\" (first at line "
            + earlier.line() + ":" + earlier.column() + "); the later value is used, as in lws");
      }
      switch (m.key()) {
        case "release" -> release = Values.string(problems, ptr, m.value(), release);
        case "product" -> product = Values.string(problems, ptr, m.value(), product);
        case "schema-version" -> schemaVersion = (int) Values.integer(problems, ptr, m.value(), 0, 255, schemaVersion);
        case "via-socks5" -> viaSocks5 = Values.string(problems, ptr, m.value(), viaSocks5);
        case "retry" -> eachNamedEntry(ptr, m.value(), "retry", this::retry);
        case "certs" -> eachNamedEntry(ptr, m.value(), "certs", this::cert);
        case "trust_stores" -> eachEntry(ptr, m.value(), this::trustStore);
        case "metrics" -> eachEntry(ptr, m.value(), this::metric);
        case "auth" -> eachEntry(ptr, m.value(), this::auth);
        case "s" -> streamTypeBuilder.streamTypes(ptr, m.value());
        default -> unknownTopLevel(ptr, m);
      }
    }
  }

  private void unknownTopLevel(String ptr, Member m) {
    if (m.key().startsWith(dev.sluice.policy.StreamKey.EXTENSION_PREFIX)) {
      extensions.put(m.key(), Values.plain(m.value()));
    } else {
      problems.warn(ptr, m.line(), m.column(), "unknown key \"" + m.key() + "\" ignored, as lws ignores it (known: "
          + String.join(", ", TOP_LEVEL_KEYS) + ")");
    }
  }

  /** An array of objects whose members are {@code "name": value} entries (retry, certs). */
  private void eachNamedEntry(String ptr, JNode node, String what, NamedEntryHandler handler) {
    if (!(node instanceof JArray arr)) {
      problems.error(ptr, node, "\"" + what + "\" must be an array of objects, not " + node.kind());
      return;
    }
    for (int i = 0; i < arr.items().size(); i++) {
      JNode item = arr.items().get(i);
      String ip = Pointer.child(ptr, i);
      if (!(item instanceof JObject obj)) {
        problems.error(ip, item, "each \"" + what + "\" entry must be an object, not " + item.kind());
        continue;
      }
      for (Member m : obj.members()) {
        handler.handle(Pointer.child(ip, m.key()), m);
      }
    }
  }

  private interface NamedEntryHandler {
    void handle(String ptr, Member m);
  }

  /** An array of objects, each one entry (trust_stores, metrics, auth). */
  private void eachEntry(String ptr, JNode node, BiConsumer<String, JObject> handler) {
    if (!(node instanceof JArray arr)) {
      problems.error(ptr, node, "must be an array of objects, not " + node.kind());
      return;
    }
    for (int i = 0; i < arr.items().size(); i++) {
      JNode item = arr.items().get(i);
      String ip = Pointer.child(ptr, i);
      if (item instanceof JObject obj) {
        handler.accept(ip, obj);
      } else {
        problems.error(ip, item, "each entry must be an object, not " + item.kind());
      }
    }
  }

  private void retry(String ptr, Member entry) {
    if (!(entry.value() instanceof JObject obj)) {
      problems.error(ptr, entry.value(), "retry policy \"" + entry.key() + "\" must be an object, not "
          + entry.value().kind());
      return;
    }
    List<Integer> backoff = new ArrayList<>();
    int conceal = 0;
    int jitter = 0;
    int ping = 0;
    int hup = 0;
    for (Member m : obj.members()) {
      String p = Pointer.child(ptr, m.key());
      switch (m.key()) {
        case "backoff" -> backoff(p, m.value(), backoff);
        case "conceal" -> conceal = (int) Values.integer(problems, p, m.value(), 0, 0xffff, conceal);
        case "jitterpc" -> jitter = (int) Values.integer(problems, p, m.value(), 0, 0xff, jitter);
        case "svalidping" -> ping = (int) Values.integer(problems, p, m.value(), 0, 0xffff, ping);
        case "svalidhup" -> hup = (int) Values.integer(problems, p, m.value(), 0, 0xffff, hup);
        default -> problems.warn(p, m.line(), m.column(), "unknown key \"" + m.key()
            + "\" ignored (known: backoff, conceal, jitterpc, svalidping, svalidhup)");
      }
    }
    retries.put(entry.key(), new RetryPolicy(entry.key(), backoff, conceal, jitter, ping, hup));
  }

  private void backoff(String ptr, JNode node, List<Integer> out) {
    if (!(node instanceof JArray arr)) {
      problems.error(ptr, node, "\"backoff\" must be an array of delays in ms, not " + node.kind());
      return;
    }
    for (int i = 0; i < arr.items().size(); i++) {
      JNode item = arr.items().get(i);
      String ip = Pointer.child(ptr, i);
      if (i == RetryPolicy.MAX_BACKOFF_ENTRIES) {
        problems.error(ip, item, "more than " + RetryPolicy.MAX_BACKOFF_ENTRIES
            + " backoff entries (lws allows at most 8; the last entry is reused for later attempts)");
        return;
      }
      out.add((int) Values.integer(problems, ip, item, 0, 0xffffffffL, 0));
    }
  }

  private void cert(String ptr, Member entry) {
    if (!(entry.value() instanceof JString s)) {
      problems.error(ptr, entry.value(), "cert \"" + entry.key() + "\" must be a base64 DER string, not "
          + entry.value().kind());
      return;
    }
    byte[] der = Der.decodeBase64(s.value);
    if (der == null) {
      problems.error(ptr, s, "cert \"" + entry.key() + "\" is not valid base64");
      return;
    }
    if (der.length > MAX_CERT_BYTES) {
      problems.error(ptr, s, "cert \"" + entry.key() + "\" is " + der.length + " bytes, over lws's limit of "
          + MAX_CERT_BYTES + " bytes");
      return;
    }
    String derProblem = Der.checkSequence(der);
    if (derProblem != null) {
      problems.error(ptr, s, "cert \"" + entry.key() + "\" is base64 but not DER: " + derProblem);
      return;
    }
    if (certs.containsKey(entry.key())) {
      problems.warn(ptr, entry.line(), entry.column(), "cert \"" + entry.key() + "\" defined again; this one is used");
    }
    certs.put(entry.key(), new Cert(entry.key(), der));
  }

  private void trustStore(String ptr, JObject obj) {
    String name = null;
    List<String> stack = new ArrayList<>();
    List<String> pems = new ArrayList<>();
    JNode stackNode = null;
    for (Member m : obj.members()) {
      String p = Pointer.child(ptr, m.key());
      switch (m.key()) {
        case "name" -> name = Values.string(problems, p, m.value(), null);
        case "stack" -> {
          stackNode = m.value();
          stack(p, m.value(), stack);
        }
        case "sluice_pem" -> pems.addAll(Values.paths(problems, p, m.value(), baseDir));
        default -> problems.warn(p, m.line(), m.column(), "unknown key \"" + m.key()
            + "\" ignored (known: name, stack, sluice_pem; the old {\"<name>\": [...]} form is ignored by lws too)");
      }
    }
    if (name == null) {
      problems.warn(ptr, obj.line, obj.column, "trust store entry without \"name\" ignored, as lws ignores it");
      return;
    }
    if (stackNode == null && pems.isEmpty()) {
      problems.error(ptr, obj, "trust store \"" + name + "\" has no \"stack\" (lws needs 1 to "
          + MAX_TRUST_STORE_CERTS + " certs)");
      return;
    }
    if (stackNode != null && stack.isEmpty() && stackNode instanceof JArray a && a.items().isEmpty()) {
      problems.error(Pointer.child(ptr, "stack"), stackNode, "trust store \"" + name
          + "\" has an empty stack (lws needs at least one cert)");
    }
    trustStores.put(name, new TrustStore(name, stack, pems));
  }

  private void stack(String ptr, JNode node, List<String> out) {
    if (!(node instanceof JArray arr)) {
      problems.error(ptr, node, "\"stack\" must be an array of cert names, not " + node.kind());
      return;
    }
    for (int i = 0; i < arr.items().size(); i++) {
      JNode item = arr.items().get(i);
      String ip = Pointer.child(ptr, i);
      if (i == MAX_TRUST_STORE_CERTS) {
        problems.error(ip, item, "trust store has more than " + MAX_TRUST_STORE_CERTS + " certs (lws's limit)");
        return;
      }
      String certName = Values.string(problems, ip, item, null);
      if (certName == null) {
        continue;
      }
      if (!certs.containsKey(certName)) {
        problems.error(ip, item, later.unknown("cert", certName, certs.keySet(), item));
        continue;
      }
      out.add(certName);
    }
  }

  private void metric(String ptr, JObject obj) {
    String name = null;
    long schedule = 0;
    long halflife = 0;
    int outlier = 0;
    String report = "";
    for (Member m : obj.members()) {
      String p = Pointer.child(ptr, m.key());
      switch (m.key()) {
        case "name" -> name = Values.string(problems, p, m.value(), null);
        case "us_schedule" -> schedule = Values.integer(problems, p, m.value(), 0, Long.MAX_VALUE, 0);
        case "us_halflife" -> halflife = Values.integer(problems, p, m.value(), 0, 0xffffffffL, 0);
        case "min_outlier" -> outlier = (int) Values.integer(problems, p, m.value(), 0, 0xff, 0);
        case "report" -> report = Values.string(problems, p, m.value(), "");
        default -> problems.warn(p, m.line(), m.column(), "unknown key \"" + m.key()
            + "\" ignored (known: name, us_schedule, us_halflife, min_outlier, report)");
      }
    }
    if (name == null) {
      problems.error(ptr, obj, "metrics entry without \"name\"");
      return;
    }
    metrics.add(new MetricsPolicy(name, schedule, halflife, outlier, report));
  }

  private void auth(String ptr, JObject obj) {
    String name = null;
    String type = "";
    String streamtype = "";
    int blob = 0;
    for (Member m : obj.members()) {
      String p = Pointer.child(ptr, m.key());
      switch (m.key()) {
        case "name" -> name = Values.string(problems, p, m.value(), null);
        case "type" -> type = Values.string(problems, p, m.value(), "");
        case "streamtype" -> streamtype = Values.string(problems, p, m.value(), "");
        case "blob" -> blob = (int) Values.integer(problems, p, m.value(), 0, MAX_AUTH_BLOB, 0);
        default -> problems.warn(p, m.line(), m.column(), "unknown key \"" + m.key()
            + "\" ignored (known: name, type, streamtype, blob)");
      }
    }
    if (name == null) {
      problems.error(ptr, obj, "auth entry without \"name\"");
      return;
    }
    auths.put(name, new AuthPolicy(name, type, streamtype, blob));
  }
}
