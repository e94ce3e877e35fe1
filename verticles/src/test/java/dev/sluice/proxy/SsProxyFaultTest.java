package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ss.SecureStreams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.transport.Transport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around the proxy, each repeated 100 times: a client that dies mid-rx or mid-tx, a client
 * whose connection is reset while the proxy writes to it (the proxy's write fails), an upstream
 * that dies mid-rx or mid-tx, an onward connect that fails. Afterwards the proxy holds no link, session or onward
 * stream, the upstream server no connection, and the heap is back where it was after a few warm-up
 * rounds of the same fault. And h2 sharing: streams of three separate clients through the proxy
 * to one h2c server share one connection.
 */
class SsProxyFaultTest {

  private static final int REPETITIONS = 100;
  private static final int WARM_UP = 10;
  /**
   * How much more heap than after the warm-up a fault's 100 repetitions may leave behind: a leak of
   * one proxy buffer (32 KiB) per repetition would be 3.2 MiB.
   */
  private static final long HEAP_SLACK = 2L << 20;
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private Vertx serverVertx;
  private HttpServer server;
  /** Connections open at the server now, and ever. */
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger ever = new AtomicInteger();
  /** Uploads the server hung up on. */
  private final AtomicInteger sinkPieces = new AtomicInteger();
  private ProxyFixture fx;

  @BeforeEach
  void start() throws Exception {
    serverVertx = Vertx.vertx();
    server = serverVertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .connectionHandler(c -> {
          open.incrementAndGet();
          ever.incrementAndGet();
          c.closeHandler(v -> open.decrementAndGet());
        })
        .requestHandler(r -> {
          switch (r.path()) {
            case "/stream" -> r.response().setChunked(true).write(Buffer.buffer(new byte[1000]));
            case "/firehose" -> { // writes until the connection goes: the proxy always has rx to send
              r.response().setChunked(true);
              long timer = serverVertx.setPeriodic(1, id -> {
                if (!r.response().writeQueueFull()) {
                  r.response().write(Buffer.buffer(new byte[4096]));
                }
              });
              r.response().closeHandler(v -> serverVertx.cancelTimer(timer));
            }
            case "/upload" -> r.body().onSuccess(b -> r.response().end("got " + b.length()));
            case "/upload-die" -> { // the server goes while the body is still coming
              sinkPieces.incrementAndGet();
              r.handler(piece -> r.connection().close());
            }
            case "/die" -> {
              r.response().setChunked(true).write("partial");
              r.connection().close();
            }
            default -> r.response().end("h2 " + r.version());
          }
        });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    fx = ProxyFixture.start(dir, """
        {"s": [{
           "stream": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/stream"},
           "firehose": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/firehose"},
           "upload": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/upload",
                      "http_method": "POST"},
           "die": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/die"},
           "uploaddie": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/upload-die",
                         "http_method": "POST"},
           "down": {"endpoint": "127.0.0.1", "port": %2$d, "protocol": "h1", "http_url": "/"},
           "h2get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h2", "http_url": "/h2"}
         }]}""".formatted(server.actualPort(), closedPort));
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  private SocketAddress tcp() {
    return SocketAddress.inetSocketAddress(fx.proxy.tcpPort(), "127.0.0.1");
  }

  private void awaitBaseline(String after) {
    Awaitility.await(after).atMost(Duration.ofSeconds(20)).until(() -> {
      JsonObject s = fx.proxy.stats();
      return s.getLong("links") == 0 && s.getLong("sessions") == 0 && s.getLong("onward") == 0
          && open.get() == 0;
    });
  }

  /**
   * The heap in use after full collections; the least of three readings, so that an allocation
   * racing one reading does not count.
   */
  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /**
   * Classes whose objects a fault must not leave behind: Sluice's (links, sessions, proxy buffers,
   * onward and host streams, their handlers). Vert.x's and Netty's are left out: the test's own
   * hand-made clients keep closed NetClients in the client Vert.x, which is not the proxy's doing;
   * a connection the proxy kept would keep its Sluice link object too.
   */
  private static final Pattern WATCHED = Pattern.compile("dev\\.sluice\\..*");
  private static final Pattern HISTOGRAM_ROW = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+).*");

  /**
   * Live instances per class of the {@link #WATCHED} packages, counted by the JVM itself after a
   * full collection (the diagnostic command behind {@code jcmd PID GC.class_histogram}): exact
   * counts, not a reading of a heap that moves.
   */
  static Map<String, Long> liveInstances() throws Exception {
    // objects that wait for a finalizer are unreachable but still counted: let them go first
    System.gc();
    System.runFinalization();
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    Map<String, Long> counts = new TreeMap<>();
    for (String line : histogram.split("\n")) {
      Matcher m = HISTOGRAM_ROW.matcher(line);
      if (m.matches() && WATCHED.matcher(m.group(2)).matches()) {
        counts.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
      }
    }
    return counts;
  }

  /** Classes with at least {@code threshold} more live instances in {@code after} than in {@code before}. */
  static Map<String, Long> grownBy(Map<String, Long> before, Map<String, Long> after, long threshold) {
    Map<String, Long> grown = new TreeMap<>();
    after.forEach((type, n) -> {
      long more = n - before.getOrDefault(type, 0L);
      if (more >= threshold) {
        grown.put(type, more);
      }
    });
    return grown;
  }

  /**
   * Runs {@code fault} a few times to warm up (pools, JIT, lazily made caches), takes the heap and
   * the live objects, runs it {@link #REPETITIONS} times, waits for the proxy and the server to
   * hold nothing, and checks both came back: no class of Sluice has gained half as many live instances as there were repetitions (one object kept
   * per fault would be 100), and the used heap is within {@link #HEAP_SLACK}.
   */
  private void repeatAndCheckBaseline(String what, ThrowingRunnable fault) throws Exception {
    for (int i = 0; i < WARM_UP; i++) {
      fault.run();
    }
    awaitBaseline("after the warm-up of " + what);
    Map<String, Long> objectsBefore = liveInstances();
    long before = usedHeapAfterGc();
    for (int i = 0; i < REPETITIONS; i++) {
      fault.run();
    }
    awaitBaseline("after " + what);
    Map<String, Long> objectsAfter = liveInstances();
    long after = usedHeapAfterGc();
    assertThat(grownBy(objectsBefore, objectsAfter, REPETITIONS / 2))
        .as("classes with more live instances after %d repetitions of %s", REPETITIONS, what).isEmpty();
    assertThat(after - before).as("heap left behind by %d repetitions of %s (%d -> %d bytes)", REPETITIONS, what,
        before, after).isLessThan(HEAP_SLACK);
  }

  @Test
  void theLiveObjectCheckSeesObjectsKeptPerRepetition() throws Exception {
    // the check above must be able to fail: keep one Sluice object per "fault" and it does
    List<Object> kept = new ArrayList<>();
    Map<String, Long> before = liveInstances();
    for (int i = 0; i < REPETITIONS; i++) {
      kept.add(new ScriptedInput(new byte[1]));
    }
    assertThat(grownBy(before, liveInstances(), REPETITIONS / 2))
        .containsEntry(ScriptedInput.class.getName(), (long) REPETITIONS);
    assertThat(kept).hasSize(REPETITIONS);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aClientThatDiesMidRxLeavesNothingOpen() throws Exception {
    repeatAndCheckBaseline("clients dying mid-rx", () -> {
      try (RawSssPeer peer = RawSssPeer.connect(fx.clientVertx, tcp())) {
        peer.send(RawSssPeer.streamType("stream") + "ab0000");
        peer.awaitFrame("55"); // payload is flowing
      }
    });
    assertThat(ever.get()).isEqualTo(WARM_UP + REPETITIONS);
  }

  @Test
  void aProxyWriteThatFailsLeavesNothingOpen() throws Exception {
    // A byte pipe (a UART, stdin/stdout) whose far end goes away while the proxy writes rx into
    // it: the write throws, the proxy closes the pipe, and the link, its session and the onward
    // stream go with it.
    repeatAndCheckBaseline("pipes whose writes fail mid-rx", () -> {
      ScriptedInput in = new ScriptedInput(HEX.parseHex(RawSssPeer.streamType("firehose") + "ab0000"));
      FailingOutput out = new FailingOutput(3);
      fx.proxy.servePipe(in, out).await(20, TimeUnit.SECONDS);
      assertThat(out.failures.get()).as("writes refused").isPositive();
    });
    // and the proxy still serves
    assertThat(fx.client(fx.tcpAddress()).fetch("h2get", Map.of()).await(10, TimeUnit.SECONDS).toString())
        .isEqualTo("h2 HTTP_2");
  }

  /** What the client says over the pipe, then nothing until the proxy closes it (then end of input). */
  static final class ScriptedInput extends java.io.InputStream {
    private final java.util.concurrent.BlockingQueue<byte[]> chunks = new java.util.concurrent.LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int at;

    ScriptedInput(byte[] script) {
      chunks.add(script);
    }

    @Override
    public int read() throws java.io.IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      if (at == current.length) {
        try {
          current = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
        at = 0;
        if (current.length == 0) {
          chunks.add(current); // end of input, for any later read too
          return -1;
        }
      }
      int n = Math.min(len, current.length - at);
      System.arraycopy(current, at, b, off, n);
      at += n;
      return n;
    }

    @Override
    public void close() {
      chunks.add(new byte[0]);
    }
  }

  /** An output that takes {@code good} writes and then refuses every write, as a link that went away. */
  static final class FailingOutput extends java.io.OutputStream {
    private final int good;
    private int writes;
    final AtomicInteger failures = new AtomicInteger();

    FailingOutput(int good) {
      this.good = good;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      if (++writes > good) {
        failures.incrementAndGet();
        throw new java.io.IOException("the link went away (test)");
      }
    }
  }

  @Test
  void aClientConnectionResetWhileTheProxyWritesLeavesNothingOpen() throws Exception {
    long linksBefore = fx.proxy.stats().getLong("accepted");
    repeatAndCheckBaseline("client connections reset while the proxy writes rx to them", () -> {
      try (RawSssPeer peer = RawSssPeer.connectResetting(fx.clientVertx, tcp())) {
        peer.send(RawSssPeer.streamType("firehose") + "ab0000");
        peer.awaitFrame("55"); // the proxy is writing rx to this link without pause
      } // RST: the proxy's reads and queued writes on the link fail
    });
    assertThat(fx.proxy.stats().getLong("accepted") - linksBefore).isEqualTo(WARM_UP + REPETITIONS);
  }

  /** TX_PAYLOAD with SOM and 1000 zero bytes: the first piece of an upload. */
  private static final String FIRST_PIECE = "ad" + String.format("%04x", 16 + 1000) + "00000001" + "00000000"
      + "0000000000000000" + HEX.formatHex(new byte[1000]);

  /**
   * Creates {@code streamtype} announcing 100000 bytes, waits for CONNECTED and sends the first
   * 1000 of them.
   */
  private static void startUpload(RawSssPeer peer, String streamtype) {
    peer.send(RawSssPeer.streamType(streamtype) + "b10004000186a0" + "ab0000");
    peer.awaitFrame("5700050500000000"); // CONNECTED
    peer.send(FIRST_PIECE);
  }

  @Test
  void aClientThatDiesMidTxLeavesNothingOpen() throws Exception {
    repeatAndCheckBaseline("clients dying mid-tx", () -> {
      try (RawSssPeer peer = RawSssPeer.connect(fx.clientVertx, tcp())) {
        startUpload(peer, "upload");
      }
    });
  }

  @Test
  void anUpstreamThatDiesMidTxLeavesNothingOpen() throws Exception {
    repeatAndCheckBaseline("upstreams dying mid-tx", () -> {
      try (RawSssPeer peer = RawSssPeer.connect(fx.clientVertx, tcp())) {
        startUpload(peer, "uploaddie"); // the server hangs up on the first piece
        peer.awaitFrame("57000502"); // DISCONNECTED reaches the client, whose link stays up
        assertThat(peer.isClosed()).isFalse();
      }
    });
    assertThat(sinkPieces.get()).isEqualTo(WARM_UP + REPETITIONS);
  }

  @Test
  void anUpstreamThatDiesAndAnOnwardConnectThatFailsLeaveNothingOpen() throws Exception {
    SecureStreams ss = fx.client(fx.tcpAddress());
    AtomicInteger failed = new AtomicInteger();
    repeatAndCheckBaseline("upstreams dying and onward connects failing", () -> {
      for (String type : List.of("die", "down")) {
        try {
          ss.fetch(type, Map.of()).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          failed.incrementAndGet();
        }
      }
    });
    assertThat(failed.get()).isEqualTo(2 * (WARM_UP + REPETITIONS));
  }

  @Test
  void streamsOfThreeSeparateClientsToOneH2ServerShareOneConnection() throws Exception {
    List<Vertx> clients = new ArrayList<>();
    try {
      List<Future<Buffer>> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Vertx client = Vertx.builder().withTransport(Transport.EPOLL).build();
        clients.add(client);
        answers.add(SecureStreams.connect(client, fx.udsAddress()).fetch("h2get", Map.of()));
      }
      for (Future<Buffer> a : answers) {
        assertThat(a.await(10, TimeUnit.SECONDS).toString()).isEqualTo("h2 HTTP_2");
      }
      assertThat(fx.proxy.stats().getLong("accepted")).isEqualTo(3);
      assertThat(ever.get()).as("connections the h2 server accepted").isEqualTo(1);
    } finally {
      for (Vertx c : clients) {
        c.close().await(10, TimeUnit.SECONDS);
      }
    }
  }
}
