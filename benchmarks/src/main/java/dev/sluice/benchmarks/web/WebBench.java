package dev.sluice.benchmarks.web;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness: a small static file and a small server-stream answer from Sluice's web server and
 * from raw Vert.x doing the same, side by side in one run, with {@code wrk} (h1) and {@code h2load}
 * (h2c prior knowledge, h2 over TLS). Each server runs in its own JVM ({@link WebBenchServer}),
 * both with {@link #JVM_OPTS}: the serial collector and a heap that is not the limit ({@code
 * bin/sluice}'s footprint settings are measured by {@code benchmarks/web-rss.sh}). For each load
 * the harness warms up, then measures requests/s, p99 latency and the server's CPU time per request
 * ({@code /proc/PID/stat} utime + stime over the measured run). Rounds alternate which server goes
 * first.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.web.WebBench [rounds] [warmS] [runS]</pre>
 */
public final class WebBench {

  static final String JVM_OPTS = "-XX:+UseSerialGC -Xms32m -Xmx256m";
  static final long CLOCK_TICK_NS = 10_000_000L; // USER_HZ 100

  record Result(double rps, double p99Ms, double cpuUsPerReq, long requests) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int warm = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int run = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Path dir = Files.createTempDirectory("web-bench");
    Path root = Files.createDirectories(dir.resolve("www"));
    // A small static page: 1 KiB of HTML.
    Files.writeString(root.resolve("small.html"), "<!doctype html><title>bench</title>\n" + "<p>sluice</p>\n".repeat(70));
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    // -Dbench.raw=raw-sendfile compares with Vert.x's sendFile instead of the file held in memory
    String[] servers = {System.getProperty("bench.raw", "raw"), "sluice"};
    String[] loads = {"h1", "h2c", "h2"};
    String[] paths = {"/small.html", "/stream/hello"};
    Result[][][][] results = new Result[rounds][servers.length][paths.length][loads.length];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < servers.length; k++) {
        int s = r % 2 == 0 ? k : servers.length - 1 - k;
        ServerProcess p = ServerProcess.start(servers[s], root, cert.certificatePath(), cert.privateKeyPath());
        try {
          for (int q = 0; q < paths.length; q++) {
            for (int l = 0; l < loads.length; l++) {
              String url = (loads[l].equals("h2") ? "https://127.0.0." + (servers[s].startsWith("raw") ? "1" : "2")
                  + ":" + p.tlsPort : "http://127.0.0.1:" + p.clearPort) + paths[q];
              load(loads[l], url, warm, dir);
              long cpu0 = p.cpuTicks();
              Result res = load(loads[l], url, run, dir);
              long cpu = p.cpuTicks() - cpu0;
              res = new Result(res.rps, res.p99Ms, cpu * CLOCK_TICK_NS / 1000.0 / res.requests, res.requests);
              results[r][s][q][l] = res;
              System.out.println(String.format(Locale.ROOT,
                  "round %d %-12s %-14s %-3s %,9.0f req/s  p99 %6.2f ms  CPU %5.1f us/req",
                  r + 1, servers[s], paths[q], loads[l], res.rps, res.p99Ms, res.cpuUsPerReq));
            }
          }
        } finally {
          p.close();
        }
      }
    }
    System.out.println();
    for (int q = 0; q < paths.length; q++) {
      for (int l = 0; l < loads.length; l++) {
        double[] med = new double[6];
        for (int s = 0; s < servers.length; s++) {
          int ss = s;
          int qq = q;
          int ll = l;
          med[s * 3] = median(Arrays.stream(results).mapToDouble(x -> x[ss][qq][ll].rps).toArray());
          med[s * 3 + 1] = median(Arrays.stream(results).mapToDouble(x -> x[ss][qq][ll].p99Ms).toArray());
          med[s * 3 + 2] = median(Arrays.stream(results).mapToDouble(x -> x[ss][qq][ll].cpuUsPerReq).toArray());
        }
        System.out.printf(Locale.ROOT, "median %-14s %-3s %s %,.0f req/s p99 %.2f ms %.1f us/req | sluice %,.0f req/s"
            + " p99 %.2f ms %.1f us/req | ratio req/s %.2f, CPU/req %.2f%n", paths[q], loads[l], servers[0], med[0],
            med[1], med[2], med[3], med[4], med[5], med[3] / med[0], med[5] / med[2]);
      }
    }
  }

  /** Requests for an h2load run of about {@code seconds}, from the last h1 rate (at least 2,000). */
  static long h2Requests(int seconds) {
    return Math.max(2000, (long) (lastH1Rate * seconds));
  }

  /** The req/s of the latest wrk run, to size the h2load runs that follow it. */
  static double lastH1Rate = 2000;

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** One load run of {@code seconds}: wrk for h1, h2load for h2c and h2. */
  static Result load(String kind, String url, int seconds, Path dir) throws Exception {
    if (kind.equals("h1")) {
      String out = exec(dir, "wrk", "-t1", "-c50", "-d" + seconds + "s", "--latency", url);
      double rps = number(out, "Requests/sec:\\s+([\\d.]+)");
      lastH1Rate = rps;
      long requests = (long) number(out, "(\\d+) requests in");
      Matcher m = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)").matcher(out);
      if (!m.find()) {
        throw new IllegalStateException("no p99 in wrk output: " + out);
      }
      double p99 = Double.parseDouble(m.group(1)) * (m.group(2).equals("us") ? 0.001 : m.group(2).equals("s") ? 1000 : 1);
      if (out.contains("Non-2xx")) {
        throw new IllegalStateException("errors: " + out);
      }
      return new Result(rps, p99, 0, requests);
    }
    Path log = dir.resolve("h2load.log");
    Files.deleteIfExists(log);
    // A request count rather than -D: with -D, h2load 1.52 sometimes never returns once its clients
    // are stopped with streams in flight over TLS. The count is sized from the h1 rate of this run.
    String out = exec(dir, "h2load", "-c10", "-m10", "-t1", "-n", Long.toString(h2Requests(seconds)), "--log-file",
        log.toString(), url);
    if (!out.contains("Application protocol: h2\n") && url.startsWith("https")) {
      throw new IllegalStateException("h2 not negotiated: " + out);
    }
    Matcher m = Pattern.compile("requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded").matcher(out);
    if (!m.find() || !m.group(2).equals(m.group(3))) {
      throw new IllegalStateException("failed requests: " + out);
    }
    long done = Long.parseLong(m.group(2));
    double rps = number(out, "finished in [\\d.]+m?s, ([\\d.]+) req/s");
    if (!url.startsWith("https") && !out.contains("Application protocol: h2c")) {
      throw new IllegalStateException("h2c not spoken: " + out);
    }
    // The log has one line per request: start time, status, duration in microseconds.
    long[] durations = Files.readAllLines(log).stream().map(l -> l.split("\t")).filter(f -> f.length >= 3)
        .mapToLong(f -> Long.parseLong(f[2].trim())).sorted().toArray();
    double p99 = durations[(int) Math.min(durations.length - 1, Math.ceil(durations.length * 0.99) - 1)] / 1000.0;
    return new Result(rps, p99, 0, done);
  }

  static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no match for " + regex + " in: " + text);
    }
    return Double.parseDouble(m.group(1));
  }

  static String exec(Path dir, String... cmd) throws Exception {
    Path out = dir.resolve(cmd[0] + ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
    }
    return Files.readString(out);
  }

  /** A WebBenchServer JVM. */
  static final class ServerProcess implements AutoCloseable {
    final Process process;
    final int clearPort;
    final int tlsPort;

    private ServerProcess(Process process, int clearPort, int tlsPort) {
      this.process = process;
      this.clearPort = clearPort;
      this.tlsPort = tlsPort;
    }

    static ServerProcess start(String mode, Path root, String cert, String key) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd = new ArrayList<>(List.of(java));
      cmd.addAll(List.of(JVM_OPTS.split(" ")));
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), WebBenchServer.class.getName(), mode,
          root.toString(), cert, key));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null && !line.startsWith("ports ")) {
        // start-up chatter
      }
      if (line == null) {
        throw new IllegalStateException(mode + " server exited: " + p.waitFor());
      }
      String[] f = line.split(" ");
      return new ServerProcess(p, Integer.parseInt(f[1]), Integer.parseInt(f[2]));
    }

    /** utime + stime of the server JVM, in clock ticks. */
    long cpuTicks() throws Exception {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
