package dev.sluice.host.http.server;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;

/**
 * A hostile HTTP peer on a raw TCP connection: writes whatever bytes a test gives it, records
 * what comes back, and tells when the server closed the connection.
 */
final class RawHttpPeer {

  private final NetSocket socket;
  private final Buffer received = Buffer.buffer();
  private final Promise<Void> closed = Promise.promise();

  private RawHttpPeer(NetSocket socket) {
    this.socket = socket;
    socket.handler(b -> {
      synchronized (received) {
        received.appendBuffer(b);
      }
    });
    socket.closeHandler(v -> closed.tryComplete());
  }

  static RawHttpPeer connect(Vertx vertx, int port) throws Exception {
    NetSocket s = vertx.createNetClient().connect(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return new RawHttpPeer(s);
  }

  RawHttpPeer write(String text) {
    socket.write(Buffer.buffer(text));
    return this;
  }

  /** Writes {@code text} one byte every {@code periodMs} until it is all sent or the server closes. */
  void trickle(Vertx vertx, String text, long periodMs) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int[] next = {0};
    vertx.setPeriodic(periodMs, id -> {
      if (isClosed() || next[0] >= bytes.length) {
        vertx.cancelTimer(id);
        return;
      }
      socket.write(Buffer.buffer(new byte[] {bytes[next[0]++]}));
    });
  }

  boolean isClosed() {
    return closed.future().isComplete();
  }

  String received() {
    synchronized (received) {
      return received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  void close() {
    socket.close();
  }
}
