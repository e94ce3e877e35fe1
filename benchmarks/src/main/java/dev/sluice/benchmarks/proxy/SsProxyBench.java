package dev.sluice.benchmarks.proxy;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.proxy.SsProxyOptions;
import dev.sluice.proxy.SsProxyVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.ClusterOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.runtime.SluiceVertx;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The same application code in-process, through the SS proxy on a Unix socket and on TCP, in one
 * run side by side: round-trip latency (p50/p99) and throughput of a ws echo stream and of h1 GET
 * transactions. Idle streams and their heap: {@link ProxyIdleBench}.
 *
 * <p>Usage: {@code SsProxyBench [rounds] [warm-up s] [measure s] [concurrency]}.
 * Everything runs in this JVM: peers (h1 and ws servers), the proxy runtime and the client each in
 * their own Vert.x.
 */
public final class SsProxyBench {

  public static void main(String[] args) throws Exception {
    int rounds = arg(args, 0, 3);
    int warm = arg(args, 1, 2);
    int measure = arg(args, 2, 5);
    int concurrency = arg(args, 3, 8);
    Path dir = Files.createTempDirectory("ss-proxy-bench");
    Vertx peers = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    java.util.concurrent.atomic.AtomicLong h1Connections = new java.util.concurrent.atomic.AtomicLong();
    HttpServer http = peers.createHttpServer().connectionHandler(c -> h1Connections.incrementAndGet())
        .requestHandler(r -> r.response().end("ok"));
    http.listen(0, "127.0.0.1").await();
    HttpServer ws = peers.createHttpServer().webSocketHandler(s -> s.binaryMessageHandler(s::writeBinaryMessage));
    ws.listen(0, "127.0.0.1").await();
    String policy = """
        {"s": [{
           "get": {"endpoint": "127.0.0.1", "port": %d, "protocol": "h1", "http_url": "/"},
           "echo": {"protocol": "ws", "endpoint": "ws://127.0.0.1:%d/", "ws_binary": true}
         }]}""".formatted(http.actualPort(), ws.actualPort());
    Path file = dir.resolve("policy.json");
    Files.writeString(file, policy);

    Vertx proxyVertx = runtime(file, 1);
    SsProxyVerticle proxy = new SsProxyVerticle(new SsProxyOptions().setUds(dir.resolve("p.sock").toString())
        .setTcpPort(0));
    proxyVertx.deployVerticle(proxy).await();
    Vertx local = runtime(file, 1);
    Vertx client = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1))
        .withTransport(Boolean.getBoolean("bench.epoll") ? Transport.EPOLL : Transport.NIO).build();

    List<String[]> carriers = List.of(new String[] {"in-process", ""},
        new String[] {"uds proxy", "uds:" + dir.resolve("p.sock")},
        new String[] {"tcp proxy", "tcp:127.0.0.1:" + proxy.tcpPort()},
        new String[] {"cluster", "cluster"}).stream()
        .filter(c -> System.getProperty("bench.carriers", "").isEmpty()
            || List.of(System.getProperty("bench.carriers").split(",")).contains(c[0].split(" ")[0]))
        .toList();
    // two-node cluster: this JVM's node has the policy and no hosts; a child JVM hosts the streams
    Vertx clusterClient = null;
    Process hostNode = null;
    if (carriers.stream().anyMatch(c -> c[1].equals("cluster"))) {
      String name = "sluice-bench-" + ProcessHandle.current().pid();
      JsonObject cluster = new JsonObject().put("enabled", true).put("name", name);
      hostNode = startHostNode(dir.resolve("host-node"), cluster, policy);
      SluiceVertx.Node node = SluiceVertx.create(new ClusterOptions(cluster)).await(60, TimeUnit.SECONDS);
      clusterClient = node.vertx();
      clusterClient.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(file.toString())
          .setWatch(false))).await();
      for (int i = 0; i < 600 && node.members() < 2; i++) {
        Thread.sleep(50);
      }
      System.out.println("# cluster: " + node.members() + " members");
    }
    System.out.println("# carrier | scenario | round | round trips/s | p50 us | p99 us");
    for (String scenario : System.getProperty("bench.scenarios", "ws-echo,h1-stream,h1-get").split(",")) {
      for (int r = 0; r < rounds; r++) {
        for (int c = 0; c < carriers.size(); c++) {
          String[] carrier = carriers.get((c + r) % carriers.size()); // rotate the order each round
          SecureStreams ss = carrier[1].isEmpty() ? SecureStreams.create(local)
              : carrier[1].equals("cluster") ? SecureStreams.create(clusterClient)
              : SecureStreams.connect(client, ProxyAddress.parse(carrier[1]));
          long connectionsBefore = h1Connections.get();
          Result res = scenario.equals("ws-echo") ? wsEcho(ss, concurrency, warm, measure)
              : scenario.equals("h1-stream") ? h1Stream(ss, concurrency, warm, measure)
              : h1Get(ss, concurrency, warm, measure);
          System.out.printf("%s | %s | %d | %.0f | %.0f | %.0f%n", carrier[0], scenario, r + 1,
              res.perSecond, res.p50, res.p99);
          if (scenario.equals("h1-get")) {
            System.out.printf("#   h1 server connections opened: %d%n", h1Connections.get() - connectionsBefore);
          }
          ss.close().await();
        }
      }
    }
    client.close().await();
    if (clusterClient != null) {
      clusterClient.close().await();
      hostNode.destroyForcibly();
    }
    local.close().await();
    proxyVertx.close().await();
    peers.close().await();
  }

  /** The hosting node in a child JVM (policy and hosts, no proxy); returns once it is READY. */
  private static Process startHostNode(Path dir, JsonObject cluster, String policy) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("policy.json"), policy);
    Files.writeString(dir.resolve("runtime.json"), new JsonObject().put("cluster", cluster)
        .put("policy", new JsonObject().put("file", "policy.json").put("watch", false))
        .put("hosts", new JsonObject()).encodePrettily());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        dev.sluice.runtime.NodeMain.class.getName(), dir.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("node.log").toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    for (int i = 0; i < 1800; i++) {
      if (Files.readString(dir.resolve("node.log")).contains("READY")) {
        return p;
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the hosting node did not start: " + Files.readString(dir.resolve("node.log")));
  }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i ? Integer.parseInt(args[i]) : dflt;
  }

  private static Vertx runtime(Path policy, int loops) {
    Vertx v = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(loops))
        .withTransport(Boolean.getBoolean("bench.epoll") ? Transport.EPOLL : Transport.NIO).build();
    v.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false))).await();
    v.deployVerticle(new StreamHostsVerticle(new JsonObject())).await();
    return v;
  }

  record Result(double perSecond, double p50, double p99) {}

  /** Latencies in µs of what completed in the measured window, from every loop. */
  private static final class Samples {
    long[] values = new long[1 << 16];
    int count;

    synchronized void add(long micros) {
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      values[count++] = micros;
    }

    synchronized Result result(double seconds) {
      long[] sorted = Arrays.copyOf(values, count);
      Arrays.sort(sorted);
      return count == 0 ? new Result(0, 0, 0) : new Result(count / seconds,
          sorted[(int) (count * 0.50)], sorted[Math.min(count - 1, (int) (count * 0.99))]);
    }
  }

  /** {@code concurrency} ws streams, one 16-byte message in flight on each. */
  private static Result wsEcho(SecureStreams ss, int concurrency, int warm, int measure) throws Exception {
    Samples samples = new Samples();
    AtomicBoolean measuring = new AtomicBoolean();
    List<SecureStream> streams = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Echo echo = new Echo(samples, measuring);
      SecureStream s = ss.create("echo", Map.of(), echo).await();
      echo.stream = s;
      s.connect();
      streams.add(s);
    }
    for (int i = 0; i < 600 && streams.stream().anyMatch(s -> s.state() != StreamState.CONNECTED); i++) {
      Thread.sleep(50); // the clock starts once every stream is connected
    }
    Thread.sleep(warm * 1000L);
    measuring.set(true);
    Thread.sleep(measure * 1000L);
    measuring.set(false);
    for (SecureStream s : streams) {
      s.destroy().await();
    }
    return samples.result(measure);
  }

  private static final class Echo implements StreamHandler {
    private final Samples samples;
    private final AtomicBoolean measuring;
    SecureStream stream;
    private long sentAt;

    Echo(Samples samples, AtomicBoolean measuring) {
      this.samples = samples;
      this.measuring = measuring;
    }

    @Override
    public CallbackResult rx(Buffer payload, int flags) {
      if (measuring.get()) {
        samples.add((System.nanoTime() - sentAt) / 1000);
      }
      stream.requestTx();
      return CallbackResult.OK;
    }

    @Override
    public TxResult tx(TxRequest request) {
      sentAt = System.nanoTime();
      return TxResult.send(Buffer.buffer(new byte[16]), StreamFlags.SOM | StreamFlags.EOM);
    }

    @Override
    public CallbackResult state(StreamState state, long ack) {
      if (Boolean.getBoolean("bench.verbose")) {
        System.out.println("  state " + state + " " + ack);
      }
      if (state == StreamState.CONNECTED) {
        stream.requestTx();
      }
      return CallbackResult.OK;
    }
  }

  /**
   * {@code concurrency} long-lived h1 streams, each running one GET transaction after another
   * (requestTx, then the next once DISCONNECTED ends the transaction): a device polling its
   * endpoint. Latency is requestTx to QOS_ACK_REMOTE.
   */
  private static Result h1Stream(SecureStreams ss, int concurrency, int warm, int measure) throws Exception {
    Samples samples = new Samples();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<SecureStream> streams = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Poller poller = new Poller(samples, measuring, running);
      SecureStream s = ss.create("get", Map.of(), poller).await();
      poller.stream = s;
      poller.next();
      streams.add(s);
    }
    Thread.sleep(warm * 1000L);
    measuring.set(true);
    Thread.sleep(measure * 1000L);
    measuring.set(false);
    running.set(false);
    for (SecureStream s : streams) {
      s.destroy().await();
    }
    return samples.result(measure);
  }

  private static final class Poller implements StreamHandler {
    private final Samples samples;
    private final AtomicBoolean measuring;
    private final AtomicBoolean running;
    SecureStream stream;
    private long sentAt;

    Poller(Samples samples, AtomicBoolean measuring, AtomicBoolean running) {
      this.samples = samples;
      this.measuring = measuring;
      this.running = running;
    }

    void next() {
      sentAt = System.nanoTime();
      stream.requestTx();
    }

    @Override
    public CallbackResult state(StreamState state, long ack) {
      if (state == StreamState.QOS_ACK_REMOTE && measuring.get()) {
        samples.add((System.nanoTime() - sentAt) / 1000);
      }
      if (state == StreamState.DISCONNECTED && running.get()) {
        next();
      }
      return CallbackResult.OK;
    }
  }

  /** {@code concurrency} loops of one h1 GET transaction (a new stream each) after another. */
  private static Result h1Get(SecureStreams ss, int concurrency, int warm, int measure) throws Exception {
    Samples samples = new Samples();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Promise<Void> done = Promise.promise();
      loop(ss, samples, measuring, running, done);
      loops.add(done.future());
    }
    Thread.sleep(warm * 1000L);
    measuring.set(true);
    Thread.sleep(measure * 1000L);
    measuring.set(false);
    running.set(false);
    Future.all(loops).await(30, TimeUnit.SECONDS);
    return samples.result(measure);
  }

  private static void loop(SecureStreams ss, Samples samples, AtomicBoolean measuring, AtomicBoolean running,
      Promise<Void> done) {
    if (!running.get()) {
      done.complete();
      return;
    }
    long t0 = System.nanoTime();
    ss.fetch("get", Map.of()).onComplete(ar -> {
      if (measuring.get() && ar.succeeded()) {
        samples.add((System.nanoTime() - t0) / 1000);
      }
      loop(ss, samples, measuring, running, done);
    });
  }


}
