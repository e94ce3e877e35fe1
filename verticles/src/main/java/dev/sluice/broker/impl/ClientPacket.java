package dev.sluice.broker.impl;

import dev.sluice.host.mqtt.codec.MqttPacketType;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** The packets a broker receives from an MQTT 3.1 or 3.1.1 client, decoded and checked. */
sealed interface ClientPacket {

  /** What a will carries. */
  record Will(String topic, Buffer payload, int qos, boolean retain) {}

  /**
   * CONNECT. {@code level} is 3 (MQTT 3.1) or 4 (3.1.1); {@code will}, {@code username} and
   * {@code password} are null when absent.
   */
  record Connect(int level, boolean cleanSession, int keepAliveSecs, String clientId, Will will, String username,
      byte[] password) implements ClientPacket {
    @Override
    public String toString() {
      // Never the password.
      return "Connect[level=" + level + ", clean=" + cleanSession + ", keepAlive=" + keepAliveSecs + ", clientId="
          + clientId + ", will=" + (will != null) + ", username=" + (username != null) + ", password="
          + (password != null) + "]";
    }
  }

  /**
   * A CONNECT the broker must refuse with a CONNACK before closing: an unknown protocol version
   * ({@code mqtt5Style}: answered with MQTT 5's reason 0x84) or a version that does not match the
   * protocol name (3.1.1's return code 1).
   */
  record RefusedConnect(int code, boolean mqtt5Style, String reason) implements ClientPacket {}

  record Publish(String topic, Buffer payload, int qos, boolean retain, boolean dup, int packetId)
      implements ClientPacket {}

  /** PUBACK, PUBREC, PUBREL or PUBCOMP. */
  record Ack(MqttPacketType type, int packetId) implements ClientPacket {}

  record Subscribe(int packetId, List<String> filters, List<Integer> qos) implements ClientPacket {}

  record Unsubscribe(int packetId, List<String> filters) implements ClientPacket {}

  record PingReq() implements ClientPacket {}

  record Disconnect() implements ClientPacket {}
}
