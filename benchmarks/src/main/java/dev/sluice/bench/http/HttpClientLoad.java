package dev.sluice.bench.http;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * HTTP client load: Sluice client streams ({@code SecureStreams.fetch}, one stream per request)
 * against the raw Vert.x {@code HttpClient}, side by side in one run, against the same Vert.x server
 * ({@link HttpBenchServer}) started in a second JVM.
 *
 * <p>Both clients run on one event loop of this JVM with C requests in flight (closed loop: a
 * request is sent when one completes). For each scenario (h1 GET, h1 POST of 1 KiB, h2c GET) and
 * each round, the raw client and Sluice are measured in turn (the order alternates by round): the
 * requests completed in the window, this JVM's CPU time over the window (the client's CPU per
 * request) and the server JVM's. Then the heap per idle stream: N streams created and left idle.
 *
 * <pre>
 * taskset -c 0 java -Dbench.serverCpus=1 -cp benchmarks.jar dev.sluice.bench.http.HttpClientLoad \
 *     [C=32] [warm-up s=5] [measure s=10] [rounds=3] [idle N=20000]
 * </pre>
 *
 * The policy sets no {@code timeout_ms}, as the raw client sets no timeout: like for like.
 */
public final class HttpClientLoad {
  private HttpClientLoad() {}

  private static final Buffer POST_BODY = Buffer.buffer(new byte[1024]);

  /** One client, one request shape: starts a request and completes with its body. */
  private interface Requester extends Supplier<Future<Buffer>> {}

  private record Scenario(String name, Requester raw, Requester sluice) {}

  private record Result(double perSec, double clientCpuUs, double serverCpuUs, double allocatedBytes, long errors) {}

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    long warmupMs = (args.length > 1 ? Long.parseLong(args[1]) : 5) * 1000;
    long measureMs = (args.length > 2 ? Long.parseLong(args[2]) : 10) * 1000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int idle = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;

    List<String> serverCmd = new ArrayList<>();
    String serverCpus = System.getProperty("bench.serverCpus", "");
    if (!serverCpus.isEmpty()) { // e.g. client under "taskset -c 0", server on CPU 1: less scheduler noise
      serverCmd.addAll(List.of("taskset", "-c", serverCpus));
    }
    serverCmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), HttpBenchServer.class.getName(), "0", "1"));
    Process server = new ProcessBuilder(serverCmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
    int port = readyPort(server);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Path dir = Files.createTempDirectory("sluice-http-bench");
    SecureStreams ss = deploy(vertx, dir, port);
    HttpClientAgent rawH1 = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false))
        .with(new PoolOptions().setHttp1MaxSize(32)).build();
    HttpClientAgent rawH2 = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
            .setDecompressionSupported(false))
        .with(new PoolOptions().setHttp2MaxSize(1)).build();
    RequestOptions get = new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/small");
    RequestOptions post = new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/echo")
        .setMethod(HttpMethod.POST).putHeader("content-type", "application/octet-stream");

    List<Scenario> scenarios = List.of(
        new Scenario("h1 GET 128 B", () -> rawH1.request(get).compose(r -> r.send()).compose(HttpClientLoad::body),
            () -> ss.fetch("bench_h1_get", Map.of())),
        new Scenario("h1 POST 1 KiB", () -> rawH1.request(post).compose(r -> r.send(POST_BODY)).compose(HttpClientLoad::body),
            () -> ss.fetch("bench_h1_post", Map.of(), POST_BODY)),
        new Scenario("h2c GET 128 B", () -> rawH2.request(get).compose(r -> r.send()).compose(HttpClientLoad::body),
            () -> ss.fetch("bench_h2_get", Map.of())));

    // Asks the server for its connection count over a connection of its own (counted: hence the - 1).
    HttpClientAgent stats = vertx.httpClientBuilder().with(new HttpClientOptions().setKeepAlive(false)).build();
    Context ctx = vertx.getOrCreateContext();
    System.out.printf("C=%d, warm-up %d s, measure %d s, %d rounds; server pid %d%n", concurrency, warmupMs / 1000,
        measureMs / 1000, rounds, server.pid());
    // -Dbench.only=raw|sluice and -Dbench.scenario=N narrow a run down, e.g. for a profiler.
    String only = System.getProperty("bench.only", "");
    String pick = System.getProperty("bench.scenario", "");
    for (int si = 0; si < scenarios.size(); si++) {
      Scenario s = scenarios.get(si);
      if (!pick.isEmpty() && Integer.parseInt(pick) != si) {
        continue;
      }
      List<Result> raw = new ArrayList<>();
      List<Result> sl = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        boolean rawFirst = round % 2 == 0;
        for (int k = 0; k < 2; k++) {
          boolean doRaw = (k == 0) == rawFirst;
          if (!only.isEmpty() && only.equals("raw") != doRaw) {
            continue;
          }
          long c0 = connections(stats, port);
          Result r = run(ctx, doRaw ? s.raw : s.sluice, concurrency, warmupMs, measureMs, server.pid());
          long opened = connections(stats, port) - c0 - 1;
          (doRaw ? raw : sl).add(r);
          System.out.printf("  %-14s %-6s round %d: %9.0f req/s  client CPU %6.1f us/req  server CPU %6.1f us/req"
              + "  client alloc %6.0f B/req  errors %d  new connections %d%n", s.name, doRaw ? "raw" : "sluice",
              round + 1, r.perSec, r.clientCpuUs, r.serverCpuUs, r.allocatedBytes, r.errors, opened);
        }
      }
      if (raw.isEmpty() || sl.isEmpty()) {
        continue;
      }
      Result mr = median(raw);
      Result ms = median(sl);
      System.out.printf("%-14s raw %9.0f req/s %6.1f us/req %6.0f B/req | sluice %9.0f req/s %6.1f us/req %6.0f B/req"
          + " | throughput %.2fx, client CPU/req %.2fx, allocation/req %.2fx%n", s.name, mr.perSec, mr.clientCpuUs,
          mr.allocatedBytes, ms.perSec, ms.clientCpuUs, ms.allocatedBytes, ms.perSec / mr.perSec,
          ms.clientCpuUs / mr.clientCpuUs, ms.allocatedBytes / mr.allocatedBytes);
    }
    idleHeap(vertx, ctx, ss, idle);
    vertx.close().await(10, TimeUnit.SECONDS);
    server.destroy();
  }

  /** How many connections the server has accepted so far. */
  private static long connections(HttpClientAgent client, int port) throws Exception {
    return Long.parseLong(client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/connections"))
        .compose(r -> r.send()).compose(HttpClientLoad::body).await(10, TimeUnit.SECONDS).toString());
  }

  private static Future<Buffer> body(HttpClientResponse r) {
    return r.body().map(b -> {
      if (r.statusCode() != 200) {
        throw new IllegalStateException("status " + r.statusCode());
      }
      return b;
    });
  }

  private static Result run(Context ctx, Requester requester, int concurrency, long warmupMs, long measureMs,
      long serverPid) throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    boolean[] stop = new boolean[1];
    AtomicLong inFlight = new AtomicLong();
    ctx.runOnContext(v -> {
      for (int i = 0; i < concurrency; i++) {
        loop(requester, done, errors, stop, inFlight);
      }
    });
    Thread.sleep(warmupMs);
    long d0 = done.get();
    long cpu0 = processCpuNanos();
    long a0 = allocatedBytes();
    long s0 = cpuTicks(serverPid);
    long t0 = System.nanoTime();
    Thread.sleep(measureMs);
    long d1 = done.get();
    long cpu1 = processCpuNanos();
    long a1 = allocatedBytes();
    long s1 = cpuTicks(serverPid);
    long t1 = System.nanoTime();
    ctx.runOnContext(v -> stop[0] = true);
    while (inFlight.get() > 0) {
      Thread.sleep(10);
    }
    long n = d1 - d0;
    return new Result(n / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e3 / n, (s1 - s0) * 10_000.0 / n, (a1 - a0) / (double) n,
        errors.get());
  }

  /** One closed-loop worker: issues the next request when the last one completes. Runs on ctx. */
  private static void loop(Requester requester, AtomicLong done, AtomicLong errors, boolean[] stop, AtomicLong inFlight) {
    if (stop[0]) {
      return;
    }
    inFlight.incrementAndGet();
    requester.get().onComplete(ar -> {
      inFlight.decrementAndGet();
      if (ar.succeeded()) {
        done.incrementAndGet();
      } else if (errors.incrementAndGet() <= 3) {
        System.err.println("request failed: " + ar.cause());
      }
      loop(requester, done, errors, stop, inFlight);
    });
  }

  /** Heap held by N idle client streams (created, never asked to send, so never connected). */
  private static void idleHeap(Vertx vertx, Context ctx, SecureStreams ss, int n) throws Exception {
    StreamHandler idle = new StreamHandler() {
      @Override
      public CallbackResult state(StreamState state, long ack) {
        return CallbackResult.OK;
      }
    };
    long before = usedHeapAfterGc();
    List<SecureStream> streams = new ArrayList<>(n);
    for (int i = 0; i < n; i += 1000) {
      int batch = Math.min(1000, n - i);
      Future<List<SecureStream>> f = Future.succeededFuture(List.<SecureStream>of()).compose(x -> {
        List<Future<SecureStream>> fs = new ArrayList<>();
        for (int j = 0; j < batch; j++) {
          fs.add(ss.create("bench_h1_get", Map.of(), idle));
        }
        return Future.all(fs).map(cf -> cf.<SecureStream>list());
      });
      streams.addAll(f.await(30, TimeUnit.SECONDS));
    }
    long after = usedHeapAfterGc();
    System.out.printf("heap per idle stream: %d bytes (%d streams, %.1f MiB)%n", (after - before) / n, n,
        (after - before) / 1048576.0);
    for (SecureStream s : streams) {
      s.destroy();
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static Result median(List<Result> rs) {
    List<Result> sorted = new ArrayList<>(rs);
    sorted.sort((a, b) -> Double.compare(a.perSec, b.perSec));
    Result mid = sorted.get(sorted.size() / 2);
    double[] cpu = rs.stream().mapToDouble(Result::clientCpuUs).sorted().toArray();
    double[] alloc = rs.stream().mapToDouble(Result::allocatedBytes).sorted().toArray();
    return new Result(mid.perSec, cpu[cpu.length / 2], mid.serverCpuUs, alloc[alloc.length / 2], mid.errors);
  }

  private static SecureStreams deploy(Vertx vertx, Path dir, int port) throws Exception {
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, """
        {"release": "bench", "product": "bench", "schema-version": 1,
         "retry": [{"r": {"backoff": [100], "conceal": 3}}],
         "s": [{"bench_h1_get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_method": "GET",
                   "http_url": "small", "retry": "r"},
                "bench_h1_post": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_method": "POST",
                   "http_url": "echo", "retry": "r"},
                "bench_h2_get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h2", "http_method": "GET",
                   "http_url": "small", "retry": "r"}}]}""".formatted(port));
    vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false)))
        .await(20, TimeUnit.SECONDS);
    vertx.deployVerticle(new StreamHostsVerticle(new JsonObject())).await(20, TimeUnit.SECONDS);
    return SecureStreams.create(vertx);
  }

  private static int readyPort(Process server) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.startsWith("READY ")) {
        return Integer.parseInt(line.substring(6).trim());
      }
    }
    throw new IllegalStateException("the bench server exited before it listened");
  }

  /** Bytes allocated so far by all live threads of this JVM: a measure that contention does not blur. */
  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long b : t.getThreadAllocatedBytes(t.getAllThreadIds())) {
      sum += Math.max(0, b);
    }
    return sum;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
  }
}
