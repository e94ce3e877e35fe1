package dev.sluice.bench.mqtt;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load harness: MQTT publish rate with 100-byte payloads to Debian's Mosquitto broker, through
 * Sluice streams vs Mosquitto's own client, in one run, rounds alternated. The rate is what a
 * {@code mosquitto_sub} subscriber sees: N messages from the first publish to the N-th delivery.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.sluice.bench.mqtt.MqttPublishLoad [N0] [N1] [rounds]</pre>
 */
public final class MqttPublishLoad {

  private static final String PAYLOAD = "x".repeat(99);

  public static void main(String[] args) throws Exception {
    int n0 = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int n1 = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("mqtt-bench");
    int port = freePort();
    Files.writeString(dir.resolve("m.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
        + "persistence false\nmax_inflight_messages 20\nmax_queued_messages 0\n");
    Process broker = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("m.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();
    waitListening(port);
    Vertx vertx = Vertx.vertx();
    try {
      SecureStreams ss = deploy(vertx, dir, port);
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        boolean sluiceFirst = r % 2 == 1;
        for (int q = 0; q <= 1; q++) {
          int n = q == 0 ? n0 : n1;
          for (int k = 0; k < 2; k++) {
            boolean sluice = (k == 0) == sluiceFirst;
            double rate = sluice ? runSluice(ss, port, q, n) : runMosquitto(port, q, n);
            rows.add(String.format("round %d  QoS %d  %-16s %9.0f msg/s", r + 1, q, sluice ? "sluice" : "mosquitto_pub",
                rate));
            System.out.println(rows.get(rows.size() - 1));
          }
        }
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      broker.destroy();
    }
  }

  private static SecureStreams deploy(Vertx vertx, Path dir, int port) throws Exception {
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, """
        {"retry": [{"r": {"backoff": [100], "conceal": 10}}],
         "s": [{"q0": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_topic": "bench",
                       "mqtt_qos": 0, "retry": "r"},
                "q1": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "mqtt", "mqtt_topic": "bench",
                       "mqtt_qos": 1, "retry": "r"}}]}""".formatted(port));
    vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false)))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new StreamHostsVerticle(new JsonObject()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return SecureStreams.create(vertx);
  }

  /** Starts a subscriber that exits after n messages; returns it once it is subscribed. */
  private static Process subscriber(int port, int qos, int n) throws Exception {
    Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "bench",
        "-q", Integer.toString(qos), "-C", Integer.toString(n), "-W", "120")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    // The harness (not a test) gives the subscriber a moment to subscribe.
    Thread.sleep(500);
    return sub;
  }

  private static double runMosquitto(int port, int qos, int n) throws Exception {
    Process sub = subscriber(port, qos, n);
    long t0 = System.nanoTime();
    Process pub;
    if (qos == 0) {
      pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "bench",
          "-q", "0", "-l").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(pub.getOutputStream()), 1 << 16)) {
        for (int i = 0; i < n; i++) {
          w.write(PAYLOAD);
          w.write('\n');
        }
      }
    } else {
      pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "bench",
          "-q", "1", "-m", PAYLOAD + "\n", "--repeat", Integer.toString(n), "--repeat-delay", "0")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
    sub.waitFor(180, TimeUnit.SECONDS);
    long t1 = System.nanoTime();
    pub.destroy();
    return n / ((t1 - t0) / 1e9);
  }

  private static double runSluice(SecureStreams ss, int port, int qos, int n) throws Exception {
    Process sub = subscriber(port, qos, n);
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    SecureStream[] stream = new SecureStream[1];
    Buffer payload = Buffer.buffer(PAYLOAD + "\n");
    long t0 = System.nanoTime();
    stream[0] = ss.create(qos == 0 ? "q0" : "q1", new StreamHandler() {
      @Override
      public TxResult tx(TxRequest request) {
        if (sent.incrementAndGet() < n) {
          stream[0].requestTx();
        }
        return TxResult.send(payload, StreamFlags.SOM | StreamFlags.EOM);
      }

      @Override
      public CallbackResult state(StreamState state, long ack) {
        if (state == StreamState.CONNECTED && sent.get() == 0) {
          stream[0].requestTx();
        }
        return CallbackResult.OK;
      }
    }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    stream[0].connect();
    sub.waitFor(180, TimeUnit.SECONDS);
    long t1 = System.nanoTime();
    stream[0].destroy().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    done.complete(null);
    return n / ((t1 - t0) / 1e9);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void waitListening(int port) throws Exception {
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 100);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("mosquitto did not start on " + port);
  }
}
