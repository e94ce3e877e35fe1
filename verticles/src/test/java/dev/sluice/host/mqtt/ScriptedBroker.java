package dev.sluice.host.mqtt;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fake MQTT broker on 127.0.0.1 driven by a test: it hands over each accepted connection; a
 * connection splits what the client sends into packets and writes whatever bytes the test gives.
 */
final class ScriptedBroker implements AutoCloseable {

  /** One accepted client connection. */
  static final class Conn {
    final NetSocket socket;
    private final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
    private Buffer pending = Buffer.buffer();
    volatile boolean closed;

    Conn(NetSocket socket) {
      this.socket = socket;
      socket.handler(this::received);
      socket.closeHandler(v -> closed = true);
    }

    private synchronized void received(Buffer b) {
      pending.appendBuffer(b);
      while (true) {
        if (pending.length() < 2) {
          return;
        }
        int rl = 0;
        int mul = 1;
        int i = 1;
        int b1;
        do {
          if (i >= pending.length()) {
            return;
          }
          b1 = pending.getUnsignedByte(i++);
          rl += (b1 & 0x7f) * mul;
          mul *= 128;
        } while ((b1 & 0x80) != 0);
        if (pending.length() < i + rl) {
          return;
        }
        packets.add(pending.getBytes(0, i + rl));
        pending = pending.getBuffer(i + rl, pending.length());
      }
    }

    void send(byte[] data) {
      socket.write(Buffer.buffer(data));
    }

    /** The next packet from the client, or null after the timeout. */
    byte[] next(long ms) throws InterruptedException {
      return packets.poll(ms, TimeUnit.MILLISECONDS);
    }

    /** Waits for a packet equal to {@code expected}, skipping PINGREQ and SUBSCRIBE. */
    boolean expect(byte[] expected, long ms) throws InterruptedException {
      long end = System.currentTimeMillis() + ms;
      List<String> seen = new ArrayList<>();
      while (System.currentTimeMillis() < end) {
        byte[] p = next(end - System.currentTimeMillis());
        if (p == null) {
          break;
        }
        if (java.util.Arrays.equals(p, expected)) {
          return true;
        }
        seen.add(HexFormat.of().formatHex(p));
      }
      throw new AssertionError("expected " + HexFormat.of().formatHex(expected) + " from the client, got " + seen);
    }
  }

  private final NetServer server;
  private final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();

  ScriptedBroker(Vertx vertx) throws Exception {
    server = vertx.createNetServer().connectHandler(s -> accepted.add(new Conn(s)));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  /** The next connection from the client, or null after the timeout. */
  Conn accept(long ms) throws InterruptedException {
    return accepted.poll(ms, TimeUnit.MILLISECONDS);
  }

  void drain() {
    Conn c;
    while ((c = accepted.poll()) != null) {
      c.socket.close();
    }
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
