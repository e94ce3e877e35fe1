package dev.sluice.conformance.ws;

import dev.sluice.host.ws.WsHostOptions;
import dev.sluice.host.ws.WsStreamHost;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server Autobahn's fuzzing client tests: a ws server streamtype served by {@link WsStreamHost}
 * with the default limits, every accepted stream echoing what it receives. The Maven plugin calls
 * {@link #main} on a thread of its own with the port as the only argument, connects to the address
 * {@code InetAddress.getLocalHost()} gives, and interrupts the thread when the suite is done.
 */
public final class AutobahnEchoServer {

  private static final Logger log = LoggerFactory.getLogger(AutobahnEchoServer.class);

  private AutobahnEchoServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: AutobahnEchoServer <port>");
    }
    int port = Integer.parseInt(args[0]);
    Path dir = Files.createTempDirectory("sluice-autobahn");
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, policy(bindAddress(), port), StandardCharsets.UTF_8);
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false)))
          .await(30, TimeUnit.SECONDS);
      vertx.deployVerticle(new WsStreamHost(new WsHostOptions())).await(30, TimeUnit.SECONDS);
      StreamServer server = SecureStreams.create(vertx).serve("autobahn", EchoStreamHandler::new)
          .await(30, TimeUnit.SECONDS);
      log.info("Autobahn echo server on port {}", server.actualPort());
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      Files.deleteIfExists(policy);
      Files.deleteIfExists(dir);
    }
  }

  /** The address the plugin connects to (it falls back to 127.0.0.1, as this does). */
  private static String bindAddress() {
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      return "127.0.0.1";
    }
  }

  static String policy(String host, int port) throws IOException {
    return """
        {"release": "autobahn", "product": "sluice-conformance", "schema-version": 1,
         "s": [{"autobahn": {"server": true, "protocol": "ws", "endpoint": "%s", "port": %d}}]}
        """.formatted(host, port);
  }
}
