package dev.sluice.benchmarks.proxy;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.proxy.SsProxyOptions;
import dev.sluice.proxy.SsProxyVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamHandler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Idle streams through one proxy, and the heap each costs the proxy: the proxy runs in a child
 * JVM of its own (so its heap is its own), this JVM holds the clients. Every stream is created
 * (CREATE_RESULT received, onward stream made) and left unconnected, as an idle SSPC stream is.
 *
 * <p>Usage: {@code ProxyIdleBench [streams]}; the child is {@code ProxyIdleBench proxy-node POLICY SOCKET}.
 */
public final class ProxyIdleBench {

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("proxy-node")) {
      proxyNode(Path.of(args[1]), args[2]);
      return;
    }
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path dir = Files.createTempDirectory("ss-proxy-idle");
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, """
        {"s": [{"get": {"endpoint": "127.0.0.1", "port": 9, "protocol": "h1", "http_url": "/"}}]}""");
    String socket = dir.resolve("p.sock").toString();
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        ProxyIdleBench.class.getName(), "proxy-node", policy.toString(), socket)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter out = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
    if (!"ready".equals(in.readLine())) {
      throw new IllegalStateException("the proxy node did not start");
    }
    long before = ask(in, out, "heap");
    Vertx vertx = Vertx.vertx();
    SecureStreams ss = SecureStreams.connect(vertx, ProxyAddress.uds(socket));
    List<SecureStream> streams = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      streams.add(ss.create("get", Map.of(), new StreamHandler() { }).await());
    }
    long onward = 0;
    for (int i = 0; i < 600 && onward < count; i++) {
      Thread.sleep(100);
      onward = ask(in, out, "onward");
    }
    long after = ask(in, out, "heap");
    System.out.printf("idle streams %d (onward streams at the proxy: %d): proxy heap %.1f MiB -> %.1f MiB,"
        + " %.0f B per idle stream%n", count, onward, before / 1048576.0, after / 1048576.0,
        (after - before) / (double) count);
    streams.forEach(SecureStream::destroy);
    vertx.close().await();
    child.destroy();
  }

  private static long ask(BufferedReader in, PrintWriter out, String what) throws Exception {
    out.println(what);
    return Long.parseLong(in.readLine().trim());
  }

  /** The proxy runtime; answers "heap" (used after GC) and "onward" (onward streams) on stdin. */
  private static void proxyNode(Path policy, String socket) throws Exception {
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false))).await();
    vertx.deployVerticle(new StreamHostsVerticle(new JsonObject())).await();
    SsProxyVerticle proxy = new SsProxyVerticle(new SsProxyOptions().setUds(socket));
    vertx.deployVerticle(proxy).await();
    System.out.println("ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("heap")) {
        for (int i = 0; i < 4; i++) {
          System.gc();
          Thread.sleep(200);
        }
        System.out.println(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      } else {
        System.out.println(proxy.stats().getLong("onward"));
      }
    }
    vertx.close().await();
  }
}
