package dev.sluice.conformance.h2;

import dev.sluice.host.http.HttpStreamHost;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server h2spec tests: an h2 server streamtype served by {@link HttpStreamHost} with the
 * default limits, every request answered by {@link HelloHandler}. The h2spec Maven plugin calls
 * {@link #main} on a thread of its own with the port as the only argument, checks the port on
 * the address {@code InetAddress.getLocalHost()} gives, runs h2spec against 127.0.0.1 (h2c with
 * prior knowledge), and interrupts the thread when done. With a second argument {@code tls} the
 * streamtype serves h2 over TLS (ALPN) with a self-signed certificate instead.
 */
public final class H2specServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(H2specServer.class);

  private final Vertx vertx;
  private final Path dir;

  private H2specServer(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("tls"))) {
      throw new IllegalArgumentException("usage: H2specServer <port> [tls]");
    }
    try (H2specServer s = start(Integer.parseInt(args[0]), args.length == 2)) {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Serves on {@code port} on 127.0.0.1, and on the local host address too when that differs (the
   * plugin checks the port there).
   */
  public static H2specServer start(int port, boolean tls) throws Exception {
    Path dir = Files.createTempDirectory("sluice-h2spec");
    Vertx vertx = Vertx.vertx();
    H2specServer server = new H2specServer(vertx, dir);
    try {
      List<String> addresses = new ArrayList<>(List.of("127.0.0.1"));
      String local = localAddress();
      if (!addresses.contains(local)) {
        addresses.add(local);
      }
      Path policy = dir.resolve("policy.json");
      Files.writeString(policy, ConformancePolicy.policy(addresses, port, tls ? ConformancePolicy.tlsKeys(dir) : ""),
          StandardCharsets.UTF_8);
      vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false)))
          .await(30, TimeUnit.SECONDS);
      vertx.deployVerticle(new HttpStreamHost()).await(30, TimeUnit.SECONDS);
      SecureStreams ss = SecureStreams.create(vertx);
      List<Future<StreamServer>> served = new ArrayList<>();
      for (int i = 0; i < addresses.size(); i++) {
        served.add(ss.serve("h2spec" + i, HelloHandler::new));
      }
      Future.all(served).await(30, TimeUnit.SECONDS);
      warmUp(vertx, port, tls ? dir.resolve("cert.pem") : null);
      log.info("h2spec server ({}) on {} port {}", tls ? "h2 over TLS" : "h2c", addresses, port);
      return server;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  /**
   * One request before h2spec starts: the first TLS handshake of a cold JVM on a busy machine can
   * take longer than h2spec's per-case timeout.
   */
  private static void warmUp(Vertx vertx, int port, Path trustedCert) throws Exception {
    boolean tls = trustedCert != null;
    HttpClientOptions options = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(tls)
        .setUseAlpn(tls).setHttp2ClearTextUpgrade(false);
    if (tls) { // the server's own self-signed certificate, host name verified ("localhost")
      options.setTrustOptions(new PemTrustOptions().addCertPath(trustedCert.toString()));
    }
    HttpClient client = vertx.createHttpClient(options);
    try {
      client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost").setPort(port).setURI("/")
              .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1")))
          .compose(r -> r.send()).compose(r -> r.body())
          .await(60, TimeUnit.SECONDS);
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static String localAddress() {
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      return "127.0.0.1";
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
