package dev.sluice.benchmarks.ws;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * ws echo load: C connections, one binary message of S bytes in flight on each; after a warm-up,
 * counts the echoes completed in the measured window, their round trips, and the server's CPU time
 * over exactly that window (utime + stime of /proc/&lt;pid&gt;/stat).
 *
 * <pre>
 * java -cp benchmarks.jar dev.sluice.benchmarks.ws.WsEchoLoad &lt;port&gt; &lt;server pid&gt; &lt;C&gt; &lt;S&gt; &lt;warm-up s&gt; &lt;measure s&gt;
 * </pre>
 *
 * Prints one line: msgs/s, p50 and p99 round trip (ms), server CPU per message (µs), errors.
 */
public final class WsEchoLoad {
  private WsEchoLoad() {}

  /** Round trips of the measured window, ns; one array per connection (each on one event loop). */
  private static final class Conn {
    final long[] rtts = new long[1 << 17];
    int count;
    long sentAt;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long pid = Long.parseLong(args[1]);
    int conns = Integer.parseInt(args[2]);
    int size = Integer.parseInt(args[3]);
    long warmupMs = Long.parseLong(args[4]) * 1000;
    long measureMs = Long.parseLong(args[5]) * 1000;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(conns));
    Buffer payload = Buffer.buffer(new byte[size]);
    AtomicLong errors = new AtomicLong();
    List<Conn> all = new ArrayList<>();
    AtomicLongArray window = new AtomicLongArray(new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
    for (int i = 0; i < conns; i++) {
      Conn c = new Conn();
      all.add(c);
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/"))
          .await(10, TimeUnit.SECONDS);
      ws.binaryMessageHandler(b -> {
        long now = System.nanoTime();
        if (b.length() != size) {
          errors.incrementAndGet();
        }
        if (now >= window.get(0) && now < window.get(1) && c.sentAt >= window.get(0) && c.count < c.rtts.length) {
          c.rtts[c.count++] = now - c.sentAt;
        }
        c.sentAt = System.nanoTime();
        ws.writeBinaryMessage(payload);
      });
      ws.exceptionHandler(t -> errors.incrementAndGet());
      all.get(i).sentAt = System.nanoTime();
      ws.writeBinaryMessage(payload);
    }
    Thread.sleep(warmupMs);
    long cpu0 = cpuTicks(pid);
    long t0 = System.nanoTime();
    window.set(1, t0 + measureMs * 1_000_000);
    window.set(0, t0);
    Thread.sleep(measureMs);
    long cpu1 = cpuTicks(pid);
    long elapsed = System.nanoTime() - t0;
    Thread.sleep(200);
    long[] rtts = all.stream().flatMapToLong(c -> Arrays.stream(c.rtts, 0, c.count)).sorted().toArray();
    double secs = elapsed / 1e9;
    double rate = rtts.length / secs;
    double cpuPerMsgUs = (cpu1 - cpu0) * 10_000.0 / rtts.length; // 100 ticks per second
    System.out.printf("msgs/s %.0f p50 %.3f ms p99 %.3f ms cpu/msg %.1f us errors %d%n", rate,
        rtts[rtts.length / 2] / 1e6, rtts[(int) (rtts.length * 0.99)] / 1e6, cpuPerMsgUs, errors.get());
    // Closing the client last also keeps it reachable: Vert.x closes a collected client's sockets.
    client.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
  }
}
