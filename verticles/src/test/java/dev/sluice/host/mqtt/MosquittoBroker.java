package dev.sluice.host.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto broker (package {@code mosquitto}) on a free 127.0.0.1 port, with persistence in
 * a test directory so a restarted broker keeps its sessions. Fails clearly when it is not installed.
 */
public final class MosquittoBroker implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private final Path dir;
  private final int port;
  private Process process;

  public MosquittoBroker(Path dir) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install the Debian package mosquitto (.ci/run does)");
    }
    this.dir = dir;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence true",
        "persistence_location " + dir + "/",
        "autosave_interval 1",
        // run as whoever runs the test: as root, mosquitto would switch to its own user and then
        // could not save its sessions in the test's directory
        "user " + System.getProperty("user.name"),
        "max_inflight_messages 20",
        "max_queued_messages 100000",
        ""));
  }

  public int port() {
    return port;
  }

  public MosquittoBroker start() throws IOException, InterruptedException {
    process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    long end = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < end) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
        }
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
  }

  /** Sends SIGTERM without waiting (the broker saves its sessions as it exits); safe on an event loop. */
  void kill() {
    if (process != null) {
      process.destroy();
    }
  }

  void waitForExit() throws InterruptedException {
    if (process != null) {
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Stops the broker (SIGTERM: it saves its sessions), waiting for it to exit. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
