package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sluice proxy} in a child JVM, and {@code sluice ss --proxy} through it: over a Unix
 * socket path, an abstract socket, TCP, and {@code stdio:} (our own proxy started with the
 * hidden {@code --stdio}, speaking the muxed wire over its stdin and stdout).
 */
class ProxyCommandTest {

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private Path policy;
  private Process proxy;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b ->
        req.response().end(req.method() + " " + req.path() + " " + b.length())));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    policy = dir.resolve("policy.json");
    Files.writeString(policy, """
        {"retry": [{"quick": {"backoff": [10], "conceal": 1, "jitterpc": 1}}],
         "s": [{
           "get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/g", "retry": "quick"},
           "post": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_method": "POST",
                    "http_url": "/p", "retry": "quick"}
         }]}""".formatted(server.actualPort()));
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.destroy();
      proxy.waitFor(20, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private String childCommand(String... args) {
    StringBuilder sb = new StringBuilder(java()).append(" -cp ")
        .append(System.getProperty("java.class.path")).append(" dev.sluice.cli.Main");
    for (String a : args) {
      sb.append(' ').append(a);
    }
    return sb.toString();
  }

  private Path startProxy(String... listenerArgs) throws Exception {
    Path log = dir.resolve("proxy-" + UUID.randomUUID() + ".log");
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(java(), "-cp",
        System.getProperty("java.class.path"), "dev.sluice.cli.Main", "proxy", "--policy", policy.toString()));
    cmd.addAll(java.util.List.of(listenerArgs));
    proxy = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
        .until(() -> Files.readString(log).contains("stop          Ctrl-C"));
    return log;
  }

  private record Result(int code, String out, String err) {}

  private Result ss(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(captured, true));
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));
      String[] full = new String[args.length + 3];
      full[0] = "ss";
      full[1] = "--policy";
      full[2] = policy.toString();
      System.arraycopy(args, 0, full, 3, args.length);
      return new Result(cli.execute(full), captured.toString(), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void ssThroughAProxyOnAUnixSocketPathAnAbstractSocketAndTcp() throws Exception {
    Path socket = dir.resolve("p.sock");
    String name = "@sluice-cli-" + UUID.randomUUID();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = startProxy("--uds", socket.toString(), "--tcp", Integer.toString(port));
    assertThat(Files.readString(log)).contains("ss proxy      uds " + socket)
        .contains("ss proxy      tcp 127.0.0.1:" + port);
    assertThat(ss("--proxy", "uds:" + socket, "get")).isEqualTo(new Result(0, "GET /g 0", ""));
    assertThat(ss("--proxy", "tcp:127.0.0.1:" + port, "-v", "get").err())
        .isEqualTo("CREATING\nCONNECTING\nCONNECTED\nQOS_ACK_REMOTE 200\nDISCONNECTED\nDESTROYING\n");
    Path data = dir.resolve("body");
    Files.write(data, new byte[7000]);
    assertThat(ss("--proxy", "tcp:127.0.0.1:" + port, "--data", data.toString(), "post").out())
        .isEqualTo("POST /p 7000");
    proxy.destroy();
    proxy.waitFor(20, TimeUnit.SECONDS);
    startProxy("--uds", name);
    assertThat(ss("--proxy", "uds:" + name, "get").out()).isEqualTo("GET /g 0");
  }

  @Test
  void ssThroughOurProxyOverItsStdinAndStdoutSpeaksTheMuxedWire() {
    String cmd = childCommand("proxy", "--stdio", "--policy", policy.toString());
    Result r = ss("--proxy", "stdio:" + cmd, "-v", "get");
    assertThat(r.out()).isEqualTo("GET /g 0");
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("CREATING\nCONNECTING\nCONNECTED\nQOS_ACK_REMOTE 200\n");
  }

  @Test
  void aProxyThatCannotBeReachedIsRetriedEverySecondWithUpstreamLinkRetry() {
    Result r = ss("--proxy", "uds:" + dir.resolve("nobody.sock"), "-v", "--timeout", "3", "get");
    assertThat(r.code()).isEqualTo(SsCommand.EXIT_TIMEOUT);
    assertThat(r.err()).contains("UPSTREAM_LINK_RETRY").doesNotContain("CREATING");
  }

  @Test
  void aBadProxyAddressIsAUsageError() {
    assertThat(ss("--proxy", "carrier-pigeon:x", "get").code()).isEqualTo(Main.EXIT_USAGE);
  }
}
