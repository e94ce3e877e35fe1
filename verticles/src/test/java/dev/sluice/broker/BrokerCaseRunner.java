package dev.sluice.broker;

import dev.sluice.test.PacketDsl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays one of Mosquitto's broker packet cases against a broker on 127.0.0.1, as Mosquitto's own
 * harness does: a default CONNECT first (unless the case says not), then each message in order —
 * bytes sent, bytes expected exactly, or a publish by a second client — and at the end either
 * the broker closes the connection or it still answers a PINGREQ.
 */
final class BrokerCaseRunner {

  private static final AtomicInteger clientIds = new AtomicInteger();
  /** How long to wait for an expected answer or for the close. */
  private static final int READ_TIMEOUT_MS = 3000;

  private final int port;

  BrokerCaseRunner(int port) {
    this.port = port;
  }

  /** Runs the case; throws an AssertionError that says which step went wrong. */
  void run(JsonObject group, JsonObject test) throws IOException {
    int ver = test.getInteger("ver", group.getInteger("ver", 4));
    boolean connect = test.getBoolean("connect", group.getBoolean("connect", true));
    boolean expectDisconnect = test.getBoolean("expect_disconnect", true);
    try (Socket s = open()) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      if (connect) {
        out.write(connectPacket(ver, "corpus-" + clientIds.incrementAndGet()));
        expect(in, HexFormat.of().parseHex("20020000"), "the default CONNACK");
      }
      JsonArray msgs = test.getJsonArray("msgs");
      for (int i = 0; i < msgs.size(); i++) {
        JsonObject m = msgs.getJsonObject(i);
        String step = "step " + (i + 1) + " (" + m.getString("type") + " " + m.getString("payload") + ")";
        switch (m.getString("type")) {
          case "send" -> {
            try {
              out.write(PacketDsl.bytes(m.getString("payload")));
              out.flush();
            } catch (SocketException closed) {
              // The broker may close while bytes are still being sent; what follows decides.
            }
          }
          case "recv" -> expect(in, PacketDsl.bytes(m.getString("payload")), step);
          case "publish", "external_publish" -> externalPublish(m.getString("topic"), m.getInteger("qos", 0),
              m.getString("payload"));
          default -> throw new IllegalArgumentException("unknown message type in " + step);
        }
      }
      if (expectDisconnect) {
        expectClose(in);
      } else {
        try {
          out.write(new byte[] {(byte) 0xC0, 0});
          out.flush();
        } catch (SocketException e) {
          throw new AssertionError("the broker closed the connection, and should not have: " + e.getMessage());
        }
        expect(in, new byte[] {(byte) 0xD0, 0}, "PINGRESP proving the connection is still open");
      }
    }
  }

  private Socket open() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.setTcpNoDelay(true);
    return s;
  }

  static byte[] connectPacket(int ver, String clientId) {
    String name = ver == 3 ? "MQIsdp" : "MQTT";
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0);
    body.write(name.length());
    body.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    body.write(ver);
    body.write(0x02); // clean session
    body.write(0);
    body.write(10); // keepalive 10 s
    body.write(id.length >> 8);
    body.write(id.length & 0xff);
    body.writeBytes(id);
    return packet(0x10, body.toByteArray());
  }

  private static byte[] packet(int first, byte[] body) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(first);
    int n = body.length;
    do {
      int d = n % 128;
      n /= 128;
      p.write(n > 0 ? d | 0x80 : d);
    } while (n > 0);
    p.writeBytes(body);
    return p.toByteArray();
  }

  private static void expect(InputStream in, byte[] expected, String what) throws IOException {
    byte[] got = new byte[expected.length];
    int n = 0;
    try {
      while (n < got.length) {
        int r = in.read(got, n, got.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (SocketTimeoutException e) {
      // reported below with what did arrive
    } catch (SocketException e) {
      throw new AssertionError("expected " + hex(expected, expected.length) + " for " + what
          + " but the connection was reset after " + hex(got, n));
    }
    if (n < got.length || !java.util.Arrays.equals(got, expected)) {
      throw new AssertionError("expected " + hex(expected, expected.length) + " for " + what + " but got "
          + (n == 0 ? "nothing" : hex(got, n)) + (n < got.length ? " (then EOF or timeout)" : ""));
    }
  }

  private static void expectClose(InputStream in) throws IOException {
    ByteArrayOutputStream extra = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      int r;
      while ((r = in.read(buf)) >= 0) {
        extra.write(buf, 0, r);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the broker kept the connection open; it should have closed it"
          + (extra.size() > 0 ? " (it sent " + hex(extra.toByteArray(), extra.size()) + ")" : ""));
    } catch (SocketException reset) {
      return; // closed with a reset: closed all the same
    }
    if (extra.size() > 0) {
      throw new AssertionError("the broker closed the connection, but first sent unexpected bytes "
          + hex(extra.toByteArray(), extra.size()));
    }
  }

  /** A second client publishes, completing the QoS handshake, then disconnects. */
  private void externalPublish(String topic, int qos, String payload) throws IOException {
    try (Socket s = open()) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      out.write(connectPacket(4, "helper-" + clientIds.incrementAndGet()));
      expect(in, HexFormat.of().parseHex("20020000"), "the helper's CONNACK");
      byte[] t = topic.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write(t.length >> 8);
      body.write(t.length & 0xff);
      body.writeBytes(t);
      if (qos > 0) {
        body.write(0);
        body.write(1);
      }
      body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
      out.write(packet(0x30 | qos << 1, body.toByteArray()));
      if (qos == 1) {
        expect(in, HexFormat.of().parseHex("40020001"), "the helper's PUBACK");
      } else if (qos == 2) {
        expect(in, HexFormat.of().parseHex("50020001"), "the helper's PUBREC");
        out.write(HexFormat.of().parseHex("62020001"));
        expect(in, HexFormat.of().parseHex("70020001"), "the helper's PUBCOMP");
      }
      out.write(new byte[] {(byte) 0xE0, 0});
      out.flush();
    }
  }

  private static String hex(byte[] b, int n) {
    int shown = Math.min(n, 64);
    return HexFormat.ofDelimiter(" ").formatHex(b, 0, shown) + (n > shown ? " ... (" + n + " bytes)" : "");
  }
}
