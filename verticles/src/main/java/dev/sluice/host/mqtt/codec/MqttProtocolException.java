package dev.sluice.host.mqtt.codec;

/**
 * A peer broke an MQTT rule: names the packet, the byte offset in the stream and the rule, e.g.
 * "CONNACK at offset 0: reserved acknowledge flags 0x01 set [MQTT-3.2.2-1]". The connection that
 * carried it is closed; nothing else is affected.
 */
public final class MqttProtocolException extends Exception {

  private final String packet;
  private final long offset;
  private final String rule;

  public MqttProtocolException(String packet, long offset, String rule) {
    super(packet + " at offset " + offset + ": " + rule, null, false, false);
    this.packet = packet;
    this.offset = offset;
    this.rule = rule;
  }

  public String packet() {
    return packet;
  }

  public long offset() {
    return offset;
  }

  public String rule() {
    return rule;
  }
}
