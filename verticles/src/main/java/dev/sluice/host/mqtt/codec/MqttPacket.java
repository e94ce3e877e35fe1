package dev.sluice.host.mqtt.codec;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/** The packets an MQTT client receives, decoded. */
public sealed interface MqttPacket {

  /** CONNACK: whether the broker kept a session, and its return code (0 = accepted). */
  record ConnAck(boolean sessionPresent, int returnCode) implements MqttPacket {}

  /** PUBLISH. {@code packetId} is 0 for QoS 0. */
  record Publish(String topic, Buffer payload, int qos, boolean retain, boolean dup, int packetId)
      implements MqttPacket {}

  /** PUBACK, PUBREC, PUBREL or PUBCOMP, which all carry just a packet id. */
  record Ack(MqttPacketType type, int packetId) implements MqttPacket {}

  /** SUBACK: one return code per topic filter (0, 1, 2, or 0x80 for failure). */
  record SubAck(int packetId, List<Integer> returnCodes) implements MqttPacket {}

  record UnsubAck(int packetId) implements MqttPacket {}

  record PingResp() implements MqttPacket {}
}
