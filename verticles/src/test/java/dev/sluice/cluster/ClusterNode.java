package dev.sluice.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link ClusterNodeMain}, started and killed by a test. */
public final class ClusterNode implements AutoCloseable {

  private final Process process;
  private final List<String> output = new ArrayList<>();
  private volatile int members;

  private ClusterNode(Process process) {
    this.process = process;
  }

  /**
   * A runtime.json "cluster" section for loopback: Hazelcast on exactly {@code port} (no range to
   * probe) and the first member to join at {@code firstPort}.
   */
  public static JsonObject loopbackCluster(String name, int port, int firstPort) {
    return new JsonObject().put("enabled", true).put("name", name).put("port", port).put("portCount", 1)
        .put("members", new JsonArray().add("127.0.0.1:" + firstPort));
  }

  /** A loopback port free now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a node with the given runtime.json and policy; returns once it printed READY. */
  public static ClusterNode start(Path dir, JsonObject runtime, String policy) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("runtime.json"), runtime.encodePrettily());
    Files.writeString(dir.resolve("policy.json"), policy);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        ClusterNodeMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
    ClusterNode node = new ClusterNode(p);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (node.output) {
            node.output.add(line);
          }
          if (line.startsWith("READY")) {
            node.members = Integer.parseInt(line.substring(line.indexOf('=') + 1).trim());
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // the process went away
      }
      ready.completeExceptionally(new IllegalStateException("the node exited before READY: " + node.output()));
    }, "cluster-node-output");
    reader.setDaemon(true);
    reader.start();
    ready.get(90, TimeUnit.SECONDS);
    return node;
  }

  /** The members of the cluster the node saw when it was ready (itself included). */
  public int members() {
    return members;
  }

  /** Whether the node printed a line equal to {@code line}. */
  boolean printed(String line) {
    synchronized (output) {
      return output.contains(line);
    }
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the JVM where it stands (SIGSTOP): it holds its connections and answers nothing. */
  void freeze() throws Exception {
    Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("could not stop process " + process.pid());
    }
  }

  /** Sends the kill without waiting (safe on an event loop). */
  void killNow() {
    process.destroyForcibly();
  }

  /** Kills the JVM at once, as a crashed node. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
