package dev.sluice.host.mqtt.codec;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes MQTT 3.1.1 packets: those a client sends, and those a broker answers with. Stateless. */
public final class MqttWriter {
  private MqttWriter() {}

  /** The largest remaining length MQTT can encode (4 bytes of varint). */
  public static final int MAX_REMAINING_LENGTH = 268_435_455;

  /** What a CONNECT carries. Null strings are left out; a null will topic means no will. */
  public record Connect(String clientId, boolean cleanSession, int keepAliveSecs, String username, byte[] password,
      String willTopic, byte[] willMessage, int willQos, boolean willRetain) {}

  public static Buffer connect(Connect c) {
    Buffer vh = Buffer.buffer();
    string(vh, "MQTT");
    vh.appendByte((byte) 4);
    int flags = 0;
    if (c.cleanSession()) {
      flags |= 0x02;
    }
    if (c.willTopic() != null) {
      flags |= 0x04 | (c.willQos() << 3) | (c.willRetain() ? 0x20 : 0);
    }
    if (c.password() != null) {
      flags |= 0x40;
    }
    if (c.username() != null) {
      flags |= 0x80;
    }
    vh.appendByte((byte) flags);
    vh.appendUnsignedShort(c.keepAliveSecs());
    string(vh, c.clientId());
    if (c.willTopic() != null) {
      string(vh, c.willTopic());
      bytes(vh, c.willMessage() == null ? new byte[0] : c.willMessage());
    }
    if (c.username() != null) {
      string(vh, c.username());
    }
    if (c.password() != null) {
      bytes(vh, c.password());
    }
    return packet(0x10, vh);
  }

  public static Buffer publish(String topic, Buffer payload, int qos, boolean retain, boolean dup, int packetId) {
    Buffer vh = Buffer.buffer(topic.length() + payload.length() + 8);
    string(vh, topic);
    if (qos > 0) {
      vh.appendUnsignedShort(packetId);
    }
    vh.appendBuffer(payload);
    return packet(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0), vh);
  }

  /**
   * Appends a PUBLISH to {@code out} with no intermediate buffer: the broker encodes each delivery
   * straight into the subscriber's pending output. {@code topicUtf8} is the topic's UTF-8 bytes.
   */
  public static void publishInto(Buffer out, byte[] topicUtf8, Buffer payload, int qos, boolean retain, boolean dup,
      int packetId) {
    int len = 2 + topicUtf8.length + (qos > 0 ? 2 : 0) + payload.length();
    if (len > MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException("packet of " + len + " bytes exceeds MQTT's limit of " + MAX_REMAINING_LENGTH);
    }
    out.appendByte((byte) (0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0)));
    do {
      int digit = len % 128;
      len /= 128;
      out.appendByte((byte) (len > 0 ? digit | 0x80 : digit));
    } while (len > 0);
    out.appendUnsignedShort(topicUtf8.length).appendBytes(topicUtf8);
    if (qos > 0) {
      out.appendUnsignedShort(packetId);
    }
    out.appendBuffer(payload);
  }

  /** PUBACK, PUBREC, PUBREL (flags 0x2) or PUBCOMP. */
  public static Buffer ack(MqttPacketType type, int packetId) {
    int first = (type.code() << 4) | (type == MqttPacketType.PUBREL ? 0x02 : 0);
    return Buffer.buffer(4).appendByte((byte) first).appendByte((byte) 2).appendUnsignedShort(packetId);
  }

  /** CONNACK (3.1.1): the session-present flag and the return code (0 accepted, 1–5 refused). */
  public static Buffer connack(boolean sessionPresent, int returnCode) {
    return Buffer.buffer(new byte[] {0x20, 2, (byte) (sessionPresent ? 1 : 0), (byte) returnCode});
  }

  /**
   * An MQTT 5 CONNACK with a reason code and no properties: the answer to a CONNECT whose protocol
   * version is unknown, which a client of any version can read (MQTT 5 §3.1.2.2).
   */
  public static Buffer connackV5(int reasonCode) {
    return Buffer.buffer(new byte[] {0x20, 3, 0, (byte) reasonCode, 0});
  }

  /** SUBACK: one return code per filter (0–2 granted QoS, 0x80 failure). */
  public static Buffer suback(int packetId, List<Integer> returnCodes) {
    Buffer vh = Buffer.buffer(2 + returnCodes.size()).appendUnsignedShort(packetId);
    returnCodes.forEach(c -> vh.appendByte((byte) (int) c));
    return packet(0x90, vh);
  }

  public static Buffer unsuback(int packetId) {
    return Buffer.buffer(4).appendByte((byte) 0xb0).appendByte((byte) 2).appendUnsignedShort(packetId);
  }

  public static Buffer pingresp() {
    return Buffer.buffer(new byte[] {(byte) 0xd0, 0});
  }

  /** One SUBSCRIBE for several filters, each with its requested QoS. */
  public static Buffer subscribe(int packetId, List<String> filters, List<Integer> qos) {
    Buffer vh = Buffer.buffer();
    vh.appendUnsignedShort(packetId);
    for (int i = 0; i < filters.size(); i++) {
      string(vh, filters.get(i));
      vh.appendByte(qos.get(i).byteValue());
    }
    return packet(0x82, vh);
  }

  public static Buffer unsubscribe(int packetId, List<String> filters) {
    Buffer vh = Buffer.buffer();
    vh.appendUnsignedShort(packetId);
    filters.forEach(f -> string(vh, f));
    return packet(0xa2, vh);
  }

  public static Buffer pingreq() {
    return Buffer.buffer(new byte[] {(byte) 0xc0, 0});
  }

  public static Buffer disconnect() {
    return Buffer.buffer(new byte[] {(byte) 0xe0, 0});
  }

  private static Buffer packet(int first, Buffer body) {
    int len = body.length();
    if (len > MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException("packet of " + len + " bytes exceeds MQTT's limit of "
          + MAX_REMAINING_LENGTH);
    }
    Buffer out = Buffer.buffer(len + 5).appendByte((byte) first);
    do {
      int digit = len % 128;
      len /= 128;
      out.appendByte((byte) (len > 0 ? digit | 0x80 : digit));
    } while (len > 0);
    return out.appendBuffer(body);
  }

  private static void string(Buffer b, String s) {
    bytes(b, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(Buffer b, byte[] data) {
    if (data.length > 0xffff) {
      throw new IllegalArgumentException("a string of " + data.length + " bytes exceeds MQTT's limit of 65535");
    }
    b.appendUnsignedShort(data.length).appendBytes(data);
  }
}
