package dev.sluice.bench.toolkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The toolkit benchmarks' comparisons measured in CPU time of the measuring thread, for a machine
 * whose cores are shared with other jobs (where JMH's wall-clock scores swing by more than the
 * differences being measured). Each pair (ours, baseline) runs on the same state as the JMH
 * benchmarks, alternating in rounds of {@code ROUND_CPU_MS} of CPU each, the order swapped every
 * round; the ratio of the two costs is taken per round and the median reported. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.sluice.bench.toolkit.ToolkitCpuPairs [rounds [cose|jws|cbor]]}.
 */
public final class ToolkitCpuPairs {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** CPU time per side per round. */
  private static final long ROUND_CPU_MS = 250;
  /** Defeats dead-code elimination. */
  private static volatile Object sink;

  private ToolkitCpuPairs() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    String only = args.length > 1 ? args[1] : "";
    List<String> rows = new ArrayList<>();
    for (String alg : only.isEmpty() || only.equals("cose") ? new String[] {"ES256", "EDDSA"} : new String[0]) {
      CoseSign1Bench b = new CoseSign1Bench();
      b.alg = alg;
      b.setUp();
      rows.add(pair("COSE_Sign1 " + alg + " sign", b::sluiceSign, b::coseJavaSign, rounds));
      rows.add(pair("COSE_Sign1 " + alg + " verify", b::sluiceVerify, b::coseJavaVerify, rounds));
    }
    if (only.isEmpty() || only.equals("jws")) {
      JwsVerifyBench j = new JwsVerifyBench();
      j.setUp();
      rows.add(pair("JWS ES256 verify", j::sluiceJwsVerifier, j::nimbusDirect, rounds));
    }
    for (String doc : only.isEmpty() || only.equals("cbor") ? new String[] {"policy", "telemetry"} : new String[0]) {
      CborDecodeBench c = new CborDecodeBench();
      c.doc = doc;
      c.setUp();
      rows.add(pair("decode " + doc + " (ours CBOR vs Jackson JSON)", c::sluiceCborReader, c::jacksonJsonTree, rounds));
      rows.add(pair("decode " + doc + " (ours CBOR vs Jackson CBOR)", c::sluiceCborReader, c::jacksonCborTree, rounds));
    }
    System.out.println();
    System.out.println("| comparison | ours, ops per CPU-second | baseline, ops per CPU-second | ours / baseline (median, min–max of " + rounds + " rounds) |");
    System.out.println("|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String pair(String name, Callable<?> ours, Callable<?> baseline, int rounds) throws Exception {
    // warm-up: both paths compiled before measuring
    costPerOp(ours, 1500);
    costPerOp(baseline, 1500);
    double[] a = new double[rounds];
    double[] b = new double[rounds];
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        a[r] = costPerOp(ours, ROUND_CPU_MS);
        b[r] = costPerOp(baseline, ROUND_CPU_MS);
      } else {
        b[r] = costPerOp(baseline, ROUND_CPU_MS);
        a[r] = costPerOp(ours, ROUND_CPU_MS);
      }
      ratio[r] = b[r] / a[r]; // throughput ratio: ours / baseline
    }
    String row = String.format("| %s | %.0f | %.0f | %.3f (%.3f–%.3f) |", name, 1e9 / median(a), 1e9 / median(b),
        median(ratio), Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0));
    System.out.println(row);
    return row;
  }

  /** CPU nanoseconds per call, over about {@code cpuMs} of this thread's CPU time. */
  private static double costPerOp(Callable<?> op, long cpuMs) throws Exception {
    long budget = cpuMs * 1_000_000L;
    long start = THREADS.getCurrentThreadCpuTime();
    long used;
    long n = 0;
    do {
      for (int i = 0; i < 8; i++) {
        sink = op.call();
      }
      n += 8;
      used = THREADS.getCurrentThreadCpuTime() - start;
    } while (used < budget);
    return (double) used / n;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
