package dev.sluice.bench.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.sluice.cbor.CborReader;
import dev.sluice.cbor.CborValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one document to a tree: Sluice's {@link CborReader} (every limit checked) on its CBOR
 * form, Jackson's JSON {@code readTree} on its JSON form (the baseline the issue names), and
 * Jackson's CBOR {@code readTree} on the CBOR form (what our checks cost over the parser under
 * them). Documents: an lws policy from the corpus (8.9 KB of JSON, long PEM strings), and a
 * generated telemetry report (numbers, short strings, booleans, nesting). Throughput in MB/s is
 * ops/s times the size printed at set-up. See docs/BENCHMARKS.md, "Toolkit (issue 8)".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CborDecodeBench {
  @Param({"policy", "telemetry"})
  public String doc;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();
  private final CborReader reader = new CborReader();
  private byte[] json;
  private byte[] cbor;

  @Setup
  public void setUp() throws Exception {
    JsonNode tree;
    if (doc.equals("policy")) {
      Path dir = Path.of(System.getProperty("sluice.corpus", "testdata/corpus"), "lws-policies");
      tree = JSON.readTree(Files.readAllBytes(dir.resolve("minimal-secure-streams-metrics-proxy.json")));
    } else {
      tree = telemetry();
    }
    json = JSON.writeValueAsBytes(tree);
    cbor = CBOR.writeValueAsBytes(tree);
    System.out.printf("%n%s: JSON %d bytes, CBOR %d bytes%n", doc, json.length, cbor.length);
  }

  /** A device report: 40 readings of numbers, short strings and flags under a small header. */
  private static JsonNode telemetry() {
    Random r = new Random(8);
    var root = JSON.createObjectNode();
    root.put("device", "sluice-edge-0042").put("firmware", "4.3.1").put("uptime_s", 1_734_221L).put("ok", true);
    var readings = root.putArray("readings");
    for (int i = 0; i < 40; i++) {
      var o = readings.addObject();
      o.put("t", 1_700_000_000_000L + i * 1000L).put("sensor", "temp-" + (i % 4)).put("value", 20 + r.nextDouble() * 5)
          .put("rssi", -40 - r.nextInt(50)).put("valid", r.nextBoolean());
      o.putArray("raw").add(r.nextInt(4096)).add(r.nextInt(4096)).add(r.nextInt(4096));
    }
    root.putObject("net").put("ssid", "lab").put("channel", 11).put("ipv4", "192.0.2.17");
    return root;
  }

  @Benchmark
  public CborValue sluiceCborReader() throws Exception {
    return reader.decode(cbor);
  }

  @Benchmark
  public JsonNode jacksonJsonTree() throws Exception {
    return JSON.readTree(json);
  }

  @Benchmark
  public JsonNode jacksonCborTree() throws Exception {
    return CBOR.readTree(cbor);
  }
}
