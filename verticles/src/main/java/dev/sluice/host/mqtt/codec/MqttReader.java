package dev.sluice.host.mqtt.codec;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes what a broker sends to a client (MQTT 3.1.1 and 3.1), strictly: the first packet must be
 * CONNACK, reserved flags and types are refused, lengths are checked against each packet's fixed
 * layout and against a maximum before anything is allocated, topics are checked as the spec
 * requires. Accepts input split and joined at any byte. The first error is final: the connection
 * must be closed. Not thread-safe; one reader per connection.
 */
public final class MqttReader {

  /** Receives decoded packets. */
  public interface Listener {
    void packet(MqttPacket packet);
  }

  private final int maxPacketSize;
  private final Listener listener;
  /** Bytes received and not yet decoded: our own copy of a partial packet, or empty. */
  private Buffer pending = Buffer.buffer();
  /** The input being decoded by {@link #feed}, and where its next packet starts. */
  private Buffer work;
  private int pos;
  /** Stream offset of the next undecoded byte, for error messages. */
  private long offset;
  /** Whether the CONNACK has been seen (it must come first). */
  private boolean connAckSeen;
  /** The error that ended decoding, or null. */
  private MqttProtocolException failed;

  public MqttReader(int maxPacketSize, Listener listener) {
    this.maxPacketSize = maxPacketSize;
    this.listener = listener;
  }

  /** Decodes what can be decoded; throws the first rule broken (and every later call rethrows it). */
  public void feed(Buffer data) throws MqttProtocolException {
    if (failed != null) {
      throw failed;
    }
    // Decode straight from the caller's buffer when nothing is pending; copy only a partial packet.
    work = pending.length() == 0 ? data : pending.appendBuffer(data);
    pos = 0;
    try {
      while (next()) {
        // keep decoding
      }
    } catch (MqttProtocolException e) {
      failed = e;
      throw e;
    } finally {
      pending = pos < work.length() ? work.getBuffer(pos, work.length()) : Buffer.buffer();
      work = null;
    }
  }

  /** Decodes one packet if complete; false when more input is needed. */
  private boolean next() throws MqttProtocolException {
    int avail = work.length() - pos;
    if (avail == 0) {
      return false;
    }
    int b0 = work.getUnsignedByte(pos);
    MqttPacketType type = MqttPacketType.of(b0 >> 4);
    String name = type == null ? String.format("packet type 0x%02X", b0) : type.name();
    checkType(type, name, b0);
    int remaining = 0;
    int multiplier = 1;
    int i = 1;
    while (true) {
      if (i >= avail) {
        return false;
      }
      int b = work.getUnsignedByte(pos + i);
      remaining += (b & 0x7f) * multiplier;
      i++;
      if ((b & 0x80) == 0) {
        break;
      }
      if (i == 5) {
        throw error(name, "remaining length encoded in more than 4 bytes [MQTT-2.2.3]");
      }
      multiplier *= 128;
    }
    checkLength(type, name, b0 & 0x0f, remaining);
    if (avail < i + remaining) {
      return false;
    }
    Buffer body = work.slice(pos + i, pos + i + remaining);
    MqttPacket p = decode(type, name, b0 & 0x0f, body);
    pos += i + remaining;
    offset += i + remaining;
    if (type == MqttPacketType.CONNACK) {
      connAckSeen = true;
    }
    listener.packet(p);
    return true;
  }

  private void checkType(MqttPacketType type, String name, int b0) throws MqttProtocolException {
    if (type == null) {
      throw error(name, "reserved packet type " + (b0 >> 4) + " [MQTT-2.2.1]");
    }
    switch (type) {
      case CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT ->
          throw error(name, "a broker must not send " + name + " to a client [MQTT-2.2.1]");
      default -> { }
    }
    if (!connAckSeen && type != MqttPacketType.CONNACK) {
      throw error(name, "the first packet from the broker must be CONNACK [MQTT-3.1.4-5]");
    }
    int flags = b0 & 0x0f;
    int required = type == MqttPacketType.PUBREL ? 0x02 : 0;
    if (type != MqttPacketType.PUBLISH && flags != required) {
      throw error(name, String.format("reserved flags 0x%X in the fixed header (must be 0x%X) [MQTT-2.2.2-2]",
          flags, required));
    }
    if (type == MqttPacketType.PUBLISH && ((flags >> 1) & 3) == 3) {
      throw error(name, "QoS 3 is not allowed [MQTT-3.3.1-4]");
    }
  }

  private void checkLength(MqttPacketType type, String name, int flags, int remaining) throws MqttProtocolException {
    int exact = switch (type) {
      case CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK -> 2;
      case PINGRESP -> 0;
      default -> -1;
    };
    if (exact >= 0 && remaining != exact) {
      throw error(name, "remaining length " + remaining + " (must be " + exact + ")");
    }
    if (type == MqttPacketType.SUBACK && remaining < 3) {
      throw error(name, "remaining length " + remaining + " is too short (at least 3)");
    }
    if (type == MqttPacketType.PUBLISH) {
      int min = 2 + (((flags >> 1) & 3) > 0 ? 2 : 0);
      if (remaining < min) {
        throw error(name, "remaining length " + remaining + " is too short for a topic" + (min > 2 ? " and id" : ""));
      }
    }
    if (remaining > maxPacketSize) {
      throw error(name, "packet of " + remaining + " bytes exceeds the limit of " + maxPacketSize + " bytes");
    }
  }

  private MqttPacket decode(MqttPacketType type, String name, int flags, Buffer body) throws MqttProtocolException {
    switch (type) {
      case CONNACK: {
        int ackFlags = body.getUnsignedByte(0);
        if ((ackFlags & 0xfe) != 0) {
          throw error(name, String.format("reserved acknowledge flags 0x%02X set [MQTT-3.2.2-1]", ackFlags & 0xfe));
        }
        int rc = body.getUnsignedByte(1);
        if (rc > 5) {
          throw error(name, "unknown return code " + rc + " [MQTT-3.2.2-6]");
        }
        return new MqttPacket.ConnAck((ackFlags & 1) != 0, rc);
      }
      case PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK: {
        int id = body.getUnsignedShort(0);
        if (id == 0) {
          throw error(name, "packet id 0 [MQTT-2.3.1-1]");
        }
        return type == MqttPacketType.UNSUBACK ? new MqttPacket.UnsubAck(id) : new MqttPacket.Ack(type, id);
      }
      case PINGRESP:
        return new MqttPacket.PingResp();
      case SUBACK: {
        int id = body.getUnsignedShort(0);
        if (id == 0) {
          throw error(name, "packet id 0 [MQTT-2.3.1-1]");
        }
        List<Integer> codes = new ArrayList<>();
        for (int i = 2; i < body.length(); i++) {
          int rc = body.getUnsignedByte(i);
          if (rc != 0 && rc != 1 && rc != 2 && rc != 0x80) {
            throw error(name, "return code " + rc + " is not 0, 1, 2 or 0x80 [MQTT-3.9.3-2]");
          }
          codes.add(rc);
        }
        return new MqttPacket.SubAck(id, codes);
      }
      case PUBLISH:
        return publish(name, flags, body);
      default:
        throw error(name, "unexpected packet");
    }
  }

  private MqttPacket publish(String name, int flags, Buffer body) throws MqttProtocolException {
    int qos = (flags >> 1) & 3;
    int topicLen = body.getUnsignedShort(0);
    int pos = 2 + topicLen;
    if (pos + (qos > 0 ? 2 : 0) > body.length()) {
      throw error(name, "topic length " + topicLen + " runs past the end of the packet");
    }
    String topic = topic(name, body.getBytes(2, pos));
    int id = 0;
    if (qos > 0) {
      id = body.getUnsignedShort(pos);
      pos += 2;
      if (id == 0) {
        throw error(name, "packet id 0 with QoS " + qos + " [MQTT-2.3.1-1]");
      }
    }
    return new MqttPacket.Publish(topic, body.slice(pos, body.length()).copy(), qos, (flags & 1) != 0,
        (flags & 8) != 0, id);
  }

  /** A PUBLISH topic name: MQTT's UTF-8 rules ({@link MqttStrings}), not empty, no wildcards. */
  private String topic(String name, byte[] raw) throws MqttProtocolException {
    if (raw.length == 0) {
      throw error(name, "empty topic name [MQTT-4.7.3-1]");
    }
    String[] why = new String[1];
    String t = MqttStrings.decode(raw, why);
    if (t == null) {
      throw error(name, "topic name " + why[0]);
    }
    int wild = Math.max(t.indexOf('+'), t.indexOf('#'));
    if (wild >= 0) {
      throw error(name, "topic name contains the wildcard '" + t.charAt(wild) + "' [MQTT-3.3.2-2]");
    }
    return t;
  }

  private MqttProtocolException error(String packet, String rule) {
    return new MqttProtocolException(packet, offset, rule);
  }
}
