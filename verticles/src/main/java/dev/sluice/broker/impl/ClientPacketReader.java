package dev.sluice.broker.impl;

import dev.sluice.host.mqtt.TopicFilter;
import dev.sluice.host.mqtt.codec.MqttPacketType;
import dev.sluice.host.mqtt.codec.MqttProtocolException;
import dev.sluice.host.mqtt.codec.MqttStrings;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes what MQTT 3.1 and 3.1.1 clients send to a broker, as strictly as Mosquitto's packet
 * corpus demands: CONNECT first and once; reserved packet types, broker-only packets and wrong
 * fixed-header flags refused; every packet's length checked against its layout; strings checked
 * against MQTT's UTF-8 rules; topics and filters checked. A remaining length over the limit is
 * refused from the fixed header, before any of the body is buffered. Input may be split or joined
 * at any byte. The first error is final: the connection must be closed. One reader per connection,
 * not thread-safe.
 */
final class ClientPacketReader {

  /** Receives decoded packets. */
  interface Listener {
    void packet(ClientPacket packet);
  }

  private final int maxPacketSize;
  private final Listener listener;
  /** Bytes received and not yet decoded (a partial packet), or empty. */
  private Buffer pending = Buffer.buffer();
  /** Stream offset of the next undecoded byte, for error messages. */
  private long offset;
  /** 0 before CONNECT; then the protocol level (3 or 4). */
  private int level;
  /** Set once an error was found, or a packet after which nothing may follow was read. */
  private MqttProtocolException failed;
  private boolean finished;

  ClientPacketReader(int maxPacketSize, Listener listener) {
    this.maxPacketSize = maxPacketSize;
    this.listener = listener;
  }

  /** Decodes what can be decoded; throws the first rule broken (and every later call rethrows it). */
  void feed(Buffer data) throws MqttProtocolException {
    if (failed != null) {
      throw failed;
    }
    if (finished) {
      return;
    }
    Buffer work = pending.length() == 0 ? data : pending.appendBuffer(data);
    int pos = 0;
    try {
      while (!finished) {
        int used = next(work, pos);
        if (used == 0) {
          break;
        }
        pos += used;
        offset += used;
      }
    } catch (MqttProtocolException e) {
      failed = e;
      throw e;
    } finally {
      pending = pos < work.length() && !finished ? work.getBuffer(pos, work.length()) : Buffer.buffer();
    }
  }

  /** Decodes one packet starting at {@code pos}; returns the bytes it used, 0 if it is incomplete. */
  private int next(Buffer in, int pos) throws MqttProtocolException {
    int avail = in.length() - pos;
    if (avail < 2) {
      return 0;
    }
    int b0 = in.getUnsignedByte(pos);
    MqttPacketType type = MqttPacketType.of(b0 >> 4);
    String name = type == null ? String.format("packet type %d", b0 >> 4) : type.name();
    int remaining = 0;
    int headerLen = 1;
    for (int shift = 0; ; shift += 7) {
      if (headerLen > 4) {
        throw error(name, "remaining length longer than 4 bytes [MQTT-2.2.3]");
      }
      if (headerLen >= avail) {
        return 0;
      }
      int digit = in.getUnsignedByte(pos + headerLen);
      headerLen++;
      remaining |= (digit & 0x7f) << shift;
      if ((digit & 0x80) == 0) {
        break;
      }
    }
    checkType(type, name, b0);
    if (remaining > maxPacketSize) {
      throw error(name, "remaining length " + remaining + " exceeds the broker's limit of " + maxPacketSize + " bytes");
    }
    if (avail < headerLen + remaining) {
      return 0;
    }
    Body body = new Body(name, in.slice(pos + headerLen, pos + headerLen + remaining));
    ClientPacket p = decode(type, b0 & 0x0f, body);
    listener.packet(p);
    if (p instanceof ClientPacket.RefusedConnect || p instanceof ClientPacket.Disconnect) {
      finished = true;
    }
    return headerLen + remaining;
  }

  private void checkType(MqttPacketType type, String name, int b0) throws MqttProtocolException {
    if (type == null) {
      throw error(name, "reserved packet type " + (b0 >> 4) + " [MQTT-2.2.1]");
    }
    switch (type) {
      case CONNACK, SUBACK, UNSUBACK, PINGRESP -> throw error(name, "only a broker sends " + name + " [MQTT-2.2.1]");
      default -> { }
    }
    if (level == 0 && type != MqttPacketType.CONNECT) {
      throw error(name, "the first packet must be CONNECT [MQTT-3.1.0-1]");
    }
    if (level != 0 && type == MqttPacketType.CONNECT) {
      throw error(name, "a second CONNECT [MQTT-3.1.0-2]");
    }
    int flags = b0 & 0x0f;
    int want = switch (type) {
      case PUBLISH, CONNECT -> -1; // checked with the body (PUBLISH flags carry QoS; 3.1 ignores CONNECT's)
      case PUBREL, SUBSCRIBE, UNSUBSCRIBE -> 0x02;
      default -> 0x00;
    };
    if (want >= 0 && flags != want) {
      throw error(name, String.format("fixed-header flags 0x%X, must be 0x%X [MQTT-2.2.2-1]", flags, want));
    }
  }

  private ClientPacket decode(MqttPacketType type, int flags, Body b) throws MqttProtocolException {
    return switch (type) {
      case CONNECT -> connect(flags, b);
      case PUBLISH -> publish(flags, b);
      case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
        b.exactly(2);
        yield new ClientPacket.Ack(type, b.packetId());
      }
      case SUBSCRIBE -> subscribe(b);
      case UNSUBSCRIBE -> unsubscribe(b);
      case PINGREQ -> {
        b.exactly(0);
        yield new ClientPacket.PingReq();
      }
      case DISCONNECT -> {
        b.exactly(0);
        yield new ClientPacket.Disconnect();
      }
      default -> throw b.error("unexpected " + type);
    };
  }

  private ClientPacket connect(int headerFlags, Body b) throws MqttProtocolException {
    String protocol = new String(b.binary("protocol name"), java.nio.charset.StandardCharsets.ISO_8859_1);
    boolean mqtt311 = protocol.equals("MQTT");
    if (!mqtt311 && !protocol.equals("MQIsdp")) {
      throw b.error("unknown protocol name \"" + printable(protocol) + "\" [MQTT-3.1.2-1]");
    }
    if (mqtt311 && headerFlags != 0) {
      throw b.error(String.format("fixed-header flags 0x%X, must be 0 [MQTT-2.2.2-1]", headerFlags));
    }
    int version = b.u8("protocol level");
    int connectFlags = b.u8("connect flags");
    int keepAlive = b.u16("keep alive");
    if (version != 3 && version != 4 && version != 5) {
      return new ClientPacket.RefusedConnect(0x84, true, "unsupported protocol level " + version);
    }
    if (version != (mqtt311 ? 4 : 3)) {
      return new ClientPacket.RefusedConnect(1, false, "protocol \"" + protocol + "\" with level " + version
          + (version == 5 ? " (MQTT 5 is not supported)" : ""));
    }
    level = version;
    if (mqtt311 && (connectFlags & 0x01) != 0) {
      throw b.error("reserved connect flag set [MQTT-3.1.2-3]");
    }
    boolean clean = (connectFlags & 0x02) != 0;
    boolean willFlag = (connectFlags & 0x04) != 0;
    int willQos = (connectFlags >> 3) & 3;
    boolean willRetain = (connectFlags & 0x20) != 0;
    boolean hasPassword = (connectFlags & 0x40) != 0;
    boolean hasUser = (connectFlags & 0x80) != 0;
    if (!willFlag && (willQos != 0 || willRetain)) {
      throw b.error("will QoS or retain set without the will flag [MQTT-3.1.2-11]");
    }
    if (willQos == 3) {
      throw b.error("will QoS 3 [MQTT-3.1.2-14]");
    }
    if (mqtt311 && hasPassword && !hasUser) {
      throw b.error("password flag without the user name flag [MQTT-3.1.2-22]");
    }
    String clientId = b.string("client identifier");
    ClientPacket.Will will = null;
    if (willFlag) {
      String topic = b.string("will topic");
      String problem = TopicFilter.publishProblem(topic);
      if (problem != null) {
        throw b.error("will topic: " + problem);
      }
      if (topic.startsWith("$CONTROL/")) {
        throw b.error("will topic \"" + topic + "\" is under $CONTROL/, which clients may not publish to");
      }
      will = new ClientPacket.Will(topic, Buffer.buffer(b.binary("will message")), willQos, willRetain);
    }
    String user = hasUser ? b.string("user name") : null;
    byte[] password = hasPassword ? b.binary("password") : null;
    b.exactlyUsed();
    return new ClientPacket.Connect(version, clean, keepAlive, clientId, will, user, password);
  }

  private ClientPacket publish(int flags, Body b) throws MqttProtocolException {
    int qos = (flags >> 1) & 3;
    boolean dup = (flags & 0x08) != 0;
    if (qos == 3) {
      throw b.error("QoS 3 [MQTT-3.3.1-4]");
    }
    if (qos == 0 && dup) {
      throw b.error("DUP set on a QoS 0 message [MQTT-3.3.1-2]");
    }
    String topic = b.string("topic name");
    String problem = TopicFilter.publishProblem(topic);
    if (problem != null) {
      throw b.error(problem);
    }
    int id = qos > 0 ? b.packetId() : 0;
    return new ClientPacket.Publish(topic, b.rest(), qos, (flags & 0x01) != 0, dup, id);
  }

  private ClientPacket subscribe(Body b) throws MqttProtocolException {
    int id = b.packetId();
    List<String> filters = new ArrayList<>();
    List<Integer> qos = new ArrayList<>();
    if (b.left() == 0) {
      throw b.error("no topic filter [MQTT-3.8.3-3]");
    }
    while (b.left() > 0) {
      String f = filter(b);
      int q = b.u8("requested QoS of \"" + f + "\"");
      if (q > 2) {
        throw b.error(String.format("requested QoS byte 0x%02X for \"%s\" [MQTT-3.8.3-4]", q, f));
      }
      filters.add(f);
      qos.add(q);
    }
    return new ClientPacket.Subscribe(id, filters, qos);
  }

  private ClientPacket unsubscribe(Body b) throws MqttProtocolException {
    int id = b.packetId();
    List<String> filters = new ArrayList<>();
    if (b.left() == 0) {
      throw b.error("no topic filter [MQTT-3.10.3-2]");
    }
    while (b.left() > 0) {
      filters.add(filter(b));
    }
    return new ClientPacket.Unsubscribe(id, filters);
  }

  private static String filter(Body b) throws MqttProtocolException {
    String f = b.string("topic filter");
    String problem = TopicFilter.filterProblem(f);
    if (problem != null) {
      throw b.error(problem);
    }
    return f;
  }

  private static String printable(String s) {
    return s.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? s : "(" + s.length() + " bytes)";
  }

  private MqttProtocolException error(String packet, String rule) {
    return new MqttProtocolException(packet, offset, rule);
  }

  /** A cursor over one packet's body; every read checks the packet's length first. */
  private final class Body {
    private final String packet;
    private final Buffer data;
    private int pos;

    Body(String packet, Buffer data) {
      this.packet = packet;
      this.data = data;
    }

    int left() {
      return data.length() - pos;
    }

    MqttProtocolException error(String rule) {
      return new MqttProtocolException(packet, offset, rule);
    }

    private void need(int n, String what) throws MqttProtocolException {
      if (left() < n) {
        throw error("the packet ends before its " + what + " (" + data.length() + " bytes)");
      }
    }

    int u8(String what) throws MqttProtocolException {
      need(1, what);
      return data.getUnsignedByte(pos++);
    }

    int u16(String what) throws MqttProtocolException {
      need(2, what);
      int v = data.getUnsignedShort(pos);
      pos += 2;
      return v;
    }

    int packetId() throws MqttProtocolException {
      int id = u16("packet identifier");
      if (id == 0) {
        throw error("packet identifier 0 [MQTT-2.3.1-1]");
      }
      return id;
    }

    byte[] binary(String what) throws MqttProtocolException {
      int len = u16(what + " length");
      need(len, what);
      byte[] out = data.getBytes(pos, pos + len);
      pos += len;
      return out;
    }

    String string(String what) throws MqttProtocolException {
      String[] why = new String[1];
      String s = MqttStrings.decode(binary(what), why);
      if (s == null) {
        throw error(what + " " + why[0]);
      }
      return s;
    }

    Buffer rest() {
      Buffer r = data.getBuffer(pos, data.length());
      pos = data.length();
      return r;
    }

    void exactly(int n) throws MqttProtocolException {
      if (data.length() != n) {
        throw error("remaining length " + data.length() + ", must be " + n);
      }
    }

    void exactlyUsed() throws MqttProtocolException {
      if (left() != 0) {
        throw error(left() + " bytes after the last field");
      }
    }
  }
}
