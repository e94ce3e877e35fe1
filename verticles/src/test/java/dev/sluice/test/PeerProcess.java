package dev.sluice.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer program from a Debian package (nghttpd, libwebsockets-test-server...) run on a free
 * 127.0.0.1 port, its output in a file. It fails clearly when the package is missing: CI installs
 * it, so a missing binary is a setup error, never a reason to skip.
 */
public final class PeerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int port;

  private PeerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** A free TCP port on 127.0.0.1 (closed again: the peer binds it). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code binary} with {@code args} and waits until it accepts TCP connections on
   * {@code port}.
   *
   * @param debianPackage named in the error when the binary is missing
   */
  public static PeerProcess start(String binary, String debianPackage, int port, Path dir, String... args)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(binary))) {
      throw new IllegalStateException(binary + " is missing: install the Debian package " + debianPackage
          + " (.ci/run does)");
    }
    // stdbuf (coreutils) makes the peer write its log line by line, so a test can read it live.
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/stdbuf", "-oL", "-eL", binary));
    cmd.addAll(List.of(args));
    Path log = dir.resolve(Path.of(binary).getFileName() + "-" + port + ".log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    PeerProcess peer = new PeerProcess(p, log, port);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return peer;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new IllegalStateException(binary + " exited with " + p.exitValue() + ": " + peer.output());
        }
        p.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    peer.close();
    throw new IllegalStateException(binary + " did not listen on " + port + " within 10 s: " + peer.output());
  }

  public int port() {
    return port;
  }

  /** What the peer printed so far. */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** Stops the peer (SIGTERM, then SIGKILL after 5 s) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
