package dev.sluice.bench.mqtt;

import dev.sluice.broker.MqttBrokerOptions;
import dev.sluice.broker.MqttBrokerVerticle;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Load harness: fan-in through a broker. P {@code mosquitto_pub} processes publish M messages of
 * 100 bytes each at once; one {@code mosquitto_sub} receives all P × M; the rate is P × M over the
 * time from starting the publishers to the subscriber's last message. The same load runs against
 * the embedded broker (in this JVM) and Debian's Mosquitto broker, rounds alternated.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.sluice.bench.mqtt.BrokerFanIn [P] [M0] [M1] [rounds]</pre>
 * M0 messages per publisher at QoS 0 ({@code -l} from a file), M1 at QoS 1 ({@code --repeat}).
 */
public final class BrokerFanIn {

  private static final String PAYLOAD = "x".repeat(100);

  public static void main(String[] args) throws Exception {
    int publishers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int m0 = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int m1 = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path dir = Files.createTempDirectory("fanin-bench");
    Path lines = dir.resolve("lines.txt");
    Files.write(lines, java.util.Collections.nCopies(m0, PAYLOAD));

    int mosquittoPort = freePort();
    Files.writeString(dir.resolve("m.conf"), "listener " + mosquittoPort + " 127.0.0.1\nallow_anonymous true\n"
        + "persistence false\nmax_inflight_messages 20\nmax_queued_messages 100000\n");
    Process mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("m.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    waitListening(mosquittoPort);
    Vertx vertx = Vertx.vertx();
    MqttBrokerVerticle embedded = new MqttBrokerVerticle(new MqttBrokerOptions().setPort(0).setMaxQueued(1_000_000));
    vertx.deployVerticle(embedded).await(10, TimeUnit.SECONDS);
    int sluicePort = embedded.actualPort();
    try {
      System.out.printf("fan-in: %d publishers x (%d QoS 0 | %d QoS 1) messages of %d bytes, %d rounds%n",
          publishers, m0, m1, PAYLOAD.length(), rounds);
      List<double[]> rates = new ArrayList<>(); // [sluice q0, mosq q0, sluice q1, mosq q1]
      for (int r = 0; r < rounds; r++) {
        double[] row = new double[4];
        boolean sluiceFirst = r % 2 == 0;
        for (int qos = 0; qos <= 1; qos++) {
          int m = qos == 0 ? m0 : m1;
          for (int k = 0; k < 2; k++) {
            boolean sluice = (k == 0) == sluiceFirst;
            double rate = run(dir, lines, sluice ? sluicePort : mosquittoPort, publishers, m, qos);
            row[qos * 2 + (sluice ? 0 : 1)] = rate;
            System.out.printf("round %d QoS %d %-9s %,10.0f msg/s%n", r + 1, qos, sluice ? "embedded" : "mosquitto",
                rate);
          }
        }
        rates.add(row);
      }
      for (int qos = 0; qos <= 1; qos++) {
        double s = median(rates, qos * 2);
        double mq = median(rates, qos * 2 + 1);
        System.out.printf("median QoS %d: embedded %,.0f msg/s, mosquitto %,.0f msg/s, ratio %.2f%n", qos, s, mq,
            s / mq);
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      mosquitto.destroy();
      mosquitto.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static double run(Path dir, Path lines, int port, int publishers, int m, int qos) throws Exception {
    long total = (long) publishers * m;
    Process sub = new ProcessBuilder("mosquitto_sub", "-p", Integer.toString(port), "-t", "fanin/#", "-q",
        Integer.toString(qos), "-C", Long.toString(total)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    settle(port);
    long start = System.nanoTime();
    List<Process> pubs = new ArrayList<>();
    for (int i = 0; i < publishers; i++) {
      List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-p", Integer.toString(port), "-t", "fanin/" + i,
          "-q", Integer.toString(qos)));
      if (qos == 0) {
        cmd.add("-l");
      } else {
        cmd.addAll(List.of("-m", PAYLOAD, "--repeat", Integer.toString(m)));
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      if (qos == 0) {
        pb.redirectInput(lines.toFile());
      }
      pubs.add(pb.start());
    }
    if (!sub.waitFor(300, TimeUnit.SECONDS)) {
      sub.destroyForcibly();
      throw new IllegalStateException("the subscriber did not get all " + total + " messages (QoS " + qos
          + "): a broker dropped some");
    }
    long ns = System.nanoTime() - start;
    for (Process p : pubs) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
    return total / (ns / 1e9);
  }

  /**
   * Gives the subscriber time to connect and subscribe (it takes milliseconds) before the clock
   * starts: a second-long wait, outside the timed part, done as a probe subscriber's own timeout.
   */
  private static void settle(int port) throws Exception {
    Process probe = new ProcessBuilder("mosquitto_sub", "-p", Integer.toString(port), "-t", "probe", "-W", "1")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    probe.waitFor(5, TimeUnit.SECONDS);
  }

  private static double median(List<double[]> rows, int col) {
    double[] v = rows.stream().mapToDouble(r -> r[col]).toArray();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void waitListening(int port) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < end) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    throw new IllegalStateException("nothing listens on " + port);
  }
}
