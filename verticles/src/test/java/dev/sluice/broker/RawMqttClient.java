package dev.sluice.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately simple blocking MQTT 3.1.1 client for broker tests: it writes exactly the packets
 * a test asks for and reads packets one at a time, so a test sees every byte the broker sends.
 */
final class RawMqttClient implements AutoCloseable {

  /** One packet read: the first byte and the body. */
  record Packet(int first, byte[] body) {
    int type() {
      return first >> 4;
    }

    int packetId() {
      return ((body[0] & 0xff) << 8) | (body[1] & 0xff);
    }

    /** For a PUBLISH: topic and payload. */
    String topic() {
      int len = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
      return new String(body, 2, len, StandardCharsets.UTF_8);
    }

    String payload() {
      int len = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
      int start = 2 + len + (((first >> 1) & 3) > 0 ? 2 : 0);
      return new String(body, start, body.length - start, StandardCharsets.UTF_8);
    }

    int publishPacketId() {
      int len = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
      return ((body[2 + len] & 0xff) << 8) | (body[3 + len] & 0xff);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawMqttClient(int port) throws IOException {
    this(port, 0);
  }

  /** @param receiveBuffer a small socket receive buffer makes a slow reader; 0 for the default */
  RawMqttClient(int port, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
    socket.setSoTimeout(5000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** CONNECT and its CONNACK; returns the CONNACK's two bytes (session present, return code). */
  int[] connect(String clientId, boolean clean, int keepAlive, String willTopic, String willPayload, int willQos,
      String username, String password) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    string(b, "MQTT");
    b.write(4);
    int flags = (clean ? 2 : 0) | (willTopic != null ? 4 | willQos << 3 : 0) | (username != null ? 0x80 : 0)
        | (password != null ? 0x40 : 0);
    b.write(flags);
    b.write(keepAlive >> 8);
    b.write(keepAlive & 0xff);
    string(b, clientId);
    if (willTopic != null) {
      string(b, willTopic);
      string(b, willPayload);
    }
    if (username != null) {
      string(b, username);
    }
    if (password != null) {
      string(b, password);
    }
    send(0x10, b.toByteArray());
    Packet p = read();
    if (p.type() != 2) {
      throw new AssertionError("expected CONNACK, got packet type " + p.type());
    }
    return new int[] {p.body()[0], p.body()[1]};
  }

  int[] connect(String clientId, boolean clean) throws IOException {
    return connect(clientId, clean, 60, null, null, 0, null, null);
  }

  /** SUBSCRIBE one filter and return the SUBACK code. */
  int subscribe(int id, String filter, int qos) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(id >> 8);
    b.write(id & 0xff);
    string(b, filter);
    b.write(qos);
    send(0x82, b.toByteArray());
    Packet p = read();
    if (p.type() != 9 || p.packetId() != id) {
      throw new AssertionError("expected SUBACK " + id + ", got packet type " + p.type());
    }
    return p.body()[2] & 0xff;
  }

  /** A PUBLISH without waiting for its acknowledgement. */
  void publish(String topic, String payload, int qos, boolean retain, int id) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    string(b, topic);
    if (qos > 0) {
      b.write(id >> 8);
      b.write(id & 0xff);
    }
    b.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    send(0x30 | qos << 1 | (retain ? 1 : 0), b.toByteArray());
  }

  void ack(int type, int id) throws IOException {
    send(type << 4 | (type == 6 ? 2 : 0), new byte[] {(byte) (id >> 8), (byte) id});
  }

  void send(int first, byte[] body) throws IOException {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(first);
    int n = body.length;
    do {
      int d = n % 128;
      n /= 128;
      p.write(n > 0 ? d | 0x80 : d);
    } while (n > 0);
    p.writeBytes(body);
    sendRaw(p.toByteArray());
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  Packet read() throws IOException {
    int first = in.readUnsignedByte();
    int len = 0;
    for (int shift = 0; ; shift += 7) {
      int d = in.readUnsignedByte();
      len |= (d & 0x7f) << shift;
      if ((d & 0x80) == 0) {
        break;
      }
    }
    byte[] body = new byte[len];
    in.readFully(body);
    return new Packet(first, body);
  }

  /** Whether the broker closes the connection within the read timeout (reading and dropping anything it sends). */
  boolean closedByBroker() throws IOException {
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // drain until the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException | EOFException e) {
      return true;
    }
  }

  void timeout(int ms) throws SocketException {
    socket.setSoTimeout(ms);
  }

  /** Closes the socket without a DISCONNECT: an abrupt end, as a crash would be. */
  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static void string(ByteArrayOutputStream b, String s) {
    byte[] d = s.getBytes(StandardCharsets.UTF_8);
    b.write(d.length >> 8);
    b.write(d.length & 0xff);
    b.writeBytes(d);
  }
}
