package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the policy engine: any valid model survives model → JSON → model unchanged; any
 * mutation of a real policy gives a model or a PolicyException, never another exception, never a
 * hang.
 */
class PolicyPropertiesTest {

  private static final byte[] CERT = java.util.Base64.getDecoder().decode("MAMCAQE="); // SEQUENCE { INTEGER 1 }

  @Property(tries = 200)
  void aValidPolicySurvivesTheRoundTripThroughJson(@ForAll("policies") Policy p) throws Exception {
    String json = PolicyWriter.write(p);
    ParsedPolicy back = new PolicyParser().parse(json, "generated");
    assertThat(back.policy()).isEqualTo(p);
    assertThat(back.warnings()).isEmpty();
  }

  @Property(tries = 300)
  void aMutatedCorpusPolicyGivesAModelOrAPolicyExceptionOnly(@ForAll("mutations") byte[] input) {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      try {
        new PolicyParser().parse(input, "mutant");
      } catch (PolicyException expected) {
        assertThat(expected.errors()).isNotEmpty();
      }
    });
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<Policy> policies() {
    return Arbitraries.randomValue(PolicyPropertiesTest::randomPolicy);
  }

  @Provide
  Arbitrary<byte[]> mutations() throws Exception {
    List<byte[]> corpus = new ArrayList<>();
    try (Stream<Path> files = Files.list(Corpus.dir("lws-policies"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        corpus.add(Files.readAllBytes(f));
      }
    }
    return Arbitraries.randomValue(r -> mutate(corpus.get(r.nextInt(corpus.size())), r));
  }

  /** Byte-level (flip, insert, delete, truncate) and structure-level (brackets, quotes, numbers) damage. */
  private static byte[] mutate(byte[] src, Random r) {
    byte[] b = src.clone();
    int edits = 1 + r.nextInt(8);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b = splice(b, at, new byte[] {"{}[],:\"".getBytes()[r.nextInt(7)]});
        case 2 -> b = java.util.Arrays.copyOf(b, at);
        case 3 -> b = splice(b, at, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".getBytes());
        case 4 -> b = splice(b, at, "\"\\u0000\\ud800\",".getBytes(StandardCharsets.UTF_8));
        case 5 -> b = splice(b, at, "99999999999999999999999".getBytes());
        default -> {
          byte[] cut = new byte[b.length - 1];
          System.arraycopy(b, 0, cut, 0, at);
          System.arraycopy(b, at + 1, cut, at, b.length - at - 1);
          b = cut;
        }
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, byte[] ins) {
    byte[] out = new byte[b.length + ins.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(ins, 0, out, at, ins.length);
    System.arraycopy(b, at, out, at + ins.length, b.length - at);
    return out;
  }

  private static String name(Random r, int max) {
    String letters = "abcdefghijklmnopqrstuvwxyz_0123456789";
    int n = 1 + r.nextInt(max);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(letters.charAt(r.nextInt(letters.length())));
    }
    return sb.toString();
  }

  private static String text(Random r) {
    String chars = "abc XYZ/:.-_é€\"\\\n\t" + "\u00e9\u4e2d";
    int n = r.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(chars.charAt(r.nextInt(chars.length())));
    }
    return sb.toString().replace("${", "$ {");
  }

  private static Policy randomPolicy(Random r) {
    Map<String, RetryPolicy> retries = new LinkedHashMap<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      String n = name(r, 10);
      List<Integer> backoff = new ArrayList<>();
      for (int j = r.nextInt(9); j > 0; j--) {
        backoff.add(r.nextInt(100_000));
      }
      retries.put(n, new RetryPolicy(n, backoff, r.nextInt(0x10000), r.nextInt(256), r.nextInt(0x10000),
          r.nextInt(0x10000)));
    }
    Map<String, Cert> certs = new LinkedHashMap<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      String n = name(r, 10);
      certs.put(n, new Cert(n, CERT));
    }
    Map<String, TrustStore> stores = new LinkedHashMap<>();
    if (!certs.isEmpty()) {
      for (int i = r.nextInt(3); i > 0; i--) {
        String n = name(r, 10);
        List<String> stack = new ArrayList<>();
        for (int j = 1 + r.nextInt(6); j > 0; j--) {
          stack.add(new ArrayList<>(certs.keySet()).get(r.nextInt(certs.size())));
        }
        stores.put(n, new TrustStore(n, stack, r.nextBoolean() ? List.of() : List.of("/etc/" + name(r, 5) + ".pem")));
      }
    }
    List<MetricsPolicy> metrics = new ArrayList<>();
    for (int i = r.nextInt(2); i > 0; i--) {
      metrics.add(new MetricsPolicy(name(r, 8), r.nextInt(1_000_000), r.nextInt(1_000_000), r.nextInt(256), name(r, 8)));
    }
    Map<String, AuthPolicy> auths = new LinkedHashMap<>();
    for (int i = r.nextInt(2); i > 0; i--) {
      String n = name(r, 8);
      auths.put(n, new AuthPolicy(n, "sigv4", name(r, 8), r.nextInt(4)));
    }
    Map<String, StreamType> types = new LinkedHashMap<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      String n = name(r, 31);
      types.put(n, new StreamType(n, streamValues(r, retries, certs, stores, auths)));
    }
    Map<String, Object> ext = new LinkedHashMap<>();
    if (r.nextBoolean()) {
      ext.put("sluice_" + name(r, 6), List.of((long) r.nextInt(), text(r), true, Map.of("k", 1L)));
    }
    return new Policy(name(r, 8), text(r), r.nextInt(3), r.nextBoolean() ? "" : "127.0.0.1:1080", retries, certs,
        stores, metrics, auths, types, ext);
  }

  private static Map<StreamKey, Object> streamValues(Random r, Map<String, RetryPolicy> retries,
      Map<String, Cert> certs, Map<String, TrustStore> stores, Map<String, AuthPolicy> auths) {
    EnumMap<StreamKey, Object> v = new EnumMap<>(StreamKey.class);
    List<MetadataDecl> md = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      String n = "m" + md.size() + name(r, 5);
      md.add(new MetadataDecl(n, r.nextBoolean() ? "" : "x-" + name(r, 6) + ":", md.size()));
    }
    for (StreamKey k : StreamKey.values()) {
      // Declared metadata is always kept: templates and aws_* keys may refer to it.
      if (r.nextInt(3) != 0 && !(k == StreamKey.METADATA && !md.isEmpty())) {
        continue;
      }
      Object val = switch (k.type()) {
        case STRING -> text(r);
        case TEMPLATE -> template(r, md);
        case FLAG, FLAG_ANY_BOOL -> Boolean.TRUE;
        case UINT8 -> (long) r.nextInt(256);
        case UINT16 -> (long) r.nextInt(65536);
        case UINT32 -> Integer.toUnsignedLong(r.nextInt());
        case HTTP_STATUS -> (long) (100 + r.nextInt(900));
        case PRIORITY -> (long) r.nextInt(8);
        case QOS -> (long) r.nextInt(3);
        case PROTOCOL -> Protocol.values()[r.nextInt(Protocol.values().length)];
        case RETRY_REF -> pick(r, retries.keySet());
        case TRUST_STORE_REF -> pick(r, stores.keySet());
        case AUTH_REF -> pick(r, auths.keySet());
        case CERT_REF -> pick(r, certs.keySet());
        case STREAMTYPE_REF, IGNORED -> null;
        case METADATA_REF -> md.isEmpty() ? null : md.get(r.nextInt(md.size())).name();
        case METADATA -> md.isEmpty() ? null : List.copyOf(md);
        case RESPONSE_MAP -> List.of(new ResponseMapping(100 + r.nextInt(900), 1000 + r.nextInt(1000)));
        case OPTIONS -> Map.of(name(r, 6), text(r));
        case PATH -> "/opt/" + name(r, 8) + ".pem";
      };
      if (val != null) {
        v.put(k, val);
      }
    }
    return v;
  }

  private static Object template(Random r, List<MetadataDecl> md) {
    String lit = name(r, 8);
    return Template.parse(md.isEmpty() || r.nextBoolean() ? lit : lit + "/${" + md.get(r.nextInt(md.size())).name() + "}");
  }

  private static String pick(Random r, java.util.Set<String> names) {
    return names.isEmpty() ? null : new ArrayList<>(names).get(r.nextInt(names.size()));
  }
}
