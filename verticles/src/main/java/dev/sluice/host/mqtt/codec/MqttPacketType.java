package dev.sluice.host.mqtt.codec;

/** MQTT 3.1.1 control packet types with their wire numbers (the high nibble of the first byte). */
public enum MqttPacketType {
  CONNECT(1), CONNACK(2), PUBLISH(3), PUBACK(4), PUBREC(5), PUBREL(6), PUBCOMP(7), SUBSCRIBE(8), SUBACK(9),
  UNSUBSCRIBE(10), UNSUBACK(11), PINGREQ(12), PINGRESP(13), DISCONNECT(14);

  private final int code;

  MqttPacketType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire number, or null for the reserved values 0 and 15. */
  public static MqttPacketType of(int code) {
    for (MqttPacketType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
