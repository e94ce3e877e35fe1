package dev.sluice.host.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts the Debian lws test apps (package libwebsockets-test-server) for interop tests. */
final class LwsPeer implements AutoCloseable {

  static final String SERVER = "/usr/bin/libwebsockets-test-server";
  static final String CLIENT = "/usr/bin/libwebsockets-test-client";

  final Process process;
  final Path log;

  private LwsPeer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Fails the test with what to install when the binary is missing. */
  static void requireInstalled(String binary) {
    assertThat(Path.of(binary)).as("%s is missing: install the Debian package libwebsockets-test-server", binary)
        .isExecutable();
  }

  /** Starts the test server on a free port and waits until it accepts connections. */
  static LwsPeer server(Path dir, int port, boolean tls) throws IOException {
    requireInstalled(SERVER);
    List<String> cmd = new ArrayList<>(List.of(SERVER, "--port=" + port, "-d", "1"));
    if (tls) {
      cmd.add("--ssl");
    }
    LwsPeer p = start(dir, "lws-server.log", cmd);
    await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
    return p;
  }

  /** Runs the test client against {@code url} with extra arguments. */
  static LwsPeer client(Path dir, String url, String... args) throws IOException {
    requireInstalled(CLIENT);
    List<String> cmd = new ArrayList<>(List.of(CLIENT, url));
    cmd.addAll(List.of(args));
    return start(dir, "lws-client.log", cmd);
  }

  private static LwsPeer start(Path dir, String logName, List<String> cmd) throws IOException {
    Path log = dir.resolve(logName);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new LwsPeer(p, log);
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
