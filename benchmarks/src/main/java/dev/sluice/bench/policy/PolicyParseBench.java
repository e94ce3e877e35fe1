package dev.sluice.bench.policy;

import dev.sluice.policy.ParsedPolicy;
import dev.sluice.policy.PolicyParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parse + validate time of a policy: the largest corpus policy, and a generated one with 500
 * streamtypes (each with metadata, templates and references, as real policies have).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PolicyParseBench -f 1 -wi 5 -i 10 -w 1s -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyParseBench {

  @Param({"corpus-largest", "generated-500"})
  public String input;

  private byte[] bytes;
  private final PolicyParser parser = new PolicyParser();

  @Setup
  public void load() throws Exception {
    if (input.equals("corpus-largest")) {
      Path dir = Path.of(System.getProperty("sluice.corpus", "testdata/corpus"), "lws-policies");
      bytes = Files.readAllBytes(dir.resolve("minimal-secure-streams-staticpolicy.json"));
    } else {
      bytes = generated(500).getBytes(StandardCharsets.UTF_8);
    }
  }

  @Benchmark
  public ParsedPolicy parseAndValidate() throws Exception {
    return parser.parse(bytes, input);
  }

  /** A policy with {@code n} streamtypes: retry tables, a trust store, metadata, templates, maps. */
  public static String generated(int n) {
    StringBuilder sb = new StringBuilder("{\"release\":\"bench\",\"product\":\"p\",\"schema-version\":1,"
        + "\"retry\":[{\"default\":{\"backoff\":[1000,2000,3000,5000,10000],\"conceal\":5,\"jitterpc\":20}},"
        + "{\"fast\":{\"backoff\":[100,200],\"conceal\":10}}],"
        + "\"certs\":[{\"c1\":\"MAMCAQE=\"}],\"trust_stores\":[{\"name\":\"ts\",\"stack\":[\"c1\"]}],\"s\":[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"st").append(i).append("\":{")
          .append("\"endpoint\":\"${host}.example.com\",\"port\":443,\"protocol\":\"").append(i % 3 == 0 ? "h2" : "h1")
          .append("\",\"http_method\":\"POST\",\"http_url\":\"/api/${id}/items\",\"tls\":true,")
          .append("\"tls_trust_store\":\"ts\",\"retry\":\"").append(i % 2 == 0 ? "default" : "fast").append("\",")
          .append("\"metadata\":[{\"host\":\"\"},{\"id\":\"\"},{\"ctype\":\"content-type:\"},{\"xa\":\"x-a:\"}],")
          .append("\"http_resp_map\":[{\"530\":1530},{\"531\":1531}],\"timeout_ms\":5000,\"opportunistic\":true,")
          .append("\"nghttp2_quirk_end_stream\":true}}");
    }
    return sb.append("]}").toString();
  }
}
