package dev.sluice.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;

/**
 * A hand-made serialized-SS client on a real socket: writes whatever bytes a test gives it and
 * splits what the proxy sends into frames by their 3-byte headers, with no judgement, so that a
 * test can compare them with a recorded trace or watch the link close.
 */
final class RawSssPeer implements AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final NetClient client;
  private final NetSocket socket;
  /** Every frame received, whole (header included), as hex, in order. */
  final List<String> frames = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private Buffer pending = Buffer.buffer();

  private RawSssPeer(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.handler(this::onBytes);
    socket.closeHandler(v -> closed.set(true));
  }

  static RawSssPeer connect(Vertx vertx, SocketAddress address) throws Exception {
    return connect(vertx.createNetClient(), address);
  }

  /** Connects with a client of its own, closed with the peer (a client left open stays in its Vert.x). */
  private static RawSssPeer connect(NetClient client, SocketAddress address) throws Exception {
    try {
      return new RawSssPeer(client, client.connect(address).await(10, TimeUnit.SECONDS));
    } catch (Exception | Error e) {
      client.close();
      throw e;
    }
  }

  /**
   * A peer whose close resets the connection (SO_LINGER 0: RST instead of FIN), so the proxy's
   * next write to it fails instead of the proxy reading an orderly end first.
   */
  static RawSssPeer connectResetting(Vertx vertx, SocketAddress address) throws Exception {
    return connect(vertx.createNetClient(new NetClientOptions().setSoLinger(0)), address);
  }

  private synchronized void onBytes(Buffer bytes) {
    pending.appendBuffer(bytes);
    while (pending.length() >= 3) {
      int length = pending.getUnsignedShort(1);
      if (pending.length() < 3 + length) {
        break;
      }
      frames.add(HEX.formatHex(pending.getBytes(0, 3 + length)));
      pending = pending.getBuffer(3 + length, pending.length());
    }
  }

  void send(String hex) {
    send(HEX.parseHex(hex.replaceAll("[\\s|]", "")));
  }

  void send(byte[] bytes) {
    try {
      socket.write(Buffer.buffer(bytes)).await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the proxy did not take " + bytes.length + " bytes within 10 s");
    } catch (RuntimeException e) {
      // the proxy may hang up before it has read everything: that is what some tests want
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  void awaitClosed() {
    soon().untilTrue(closed);
  }

  /**
   * Up to 10 s, looking every few milliseconds (Awaitility's default of 100 ms made each of the
   * fault tests' thousand-odd waits cost a tenth of a second).
   */
  private static org.awaitility.core.ConditionFactory soon() {
    return Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  /** Waits for a frame whose hex starts with {@code prefix}. */
  void awaitFrame(String prefix) {
    soon().until(() -> frames.stream().anyMatch(f -> f.startsWith(prefix)));
  }

  @Override
  public void close() {
    socket.close();
    try {
      client.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the peer's client did not close within 10 s", e);
    }
  }

  /** STREAMTYPE for {@code name}: version 1, pid 1, lws's default credit 500000000. */
  static String streamType(String name) {
    String hexName = HEX.formatHex(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    return "aa" + String.format("%04x", 9 + name.length()) + "01" + "00000001" + "1dcd6500" + hexName;
  }
}
