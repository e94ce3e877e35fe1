package dev.sluice.host.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MqttReaderTest {

  /** CONNACK ok, PUBLISH QoS 1 "a/b" id 7 "hi", PUBACK 9, SUBACK 3 [1, 0x80], PINGRESP. */
  private static final byte[] SESSION = HexFormat.of().parseHex(
      "20020000" + "3209" + "0003612f62" + "0007" + "6869" + "40020009" + "900400030180"
          + "d000");

  private static List<MqttPacket> read(byte[] bytes, int chunk) throws MqttProtocolException {
    List<MqttPacket> out = new ArrayList<>();
    MqttReader r = new MqttReader(1024, out::add);
    for (int i = 0; i < bytes.length; i += chunk) {
      r.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk))));
    }
    return out;
  }

  @Test
  void aSessionDecodesIntoItsPackets() throws Exception {
    List<MqttPacket> p = read(SESSION, SESSION.length);
    assertThat(p).hasSize(5);
    assertThat(p.get(0)).isEqualTo(new MqttPacket.ConnAck(false, 0));
    MqttPacket.Publish pub = (MqttPacket.Publish) p.get(1);
    assertThat(pub.topic()).isEqualTo("a/b");
    assertThat(pub.qos()).isEqualTo(1);
    assertThat(pub.packetId()).isEqualTo(7);
    assertThat(pub.payload().toString()).isEqualTo("hi");
    assertThat(p.get(2)).isEqualTo(new MqttPacket.Ack(MqttPacketType.PUBACK, 9));
    assertThat(p.get(3)).isEqualTo(new MqttPacket.SubAck(3, List.of(1, 0x80)));
    assertThat(p.get(4)).isEqualTo(new MqttPacket.PingResp());
  }

  @Property(tries = 100)
  void anySplitGivesTheSamePackets(@ForAll @IntRange(min = 1, max = 40) int chunk) throws Exception {
    assertThat(read(SESSION, chunk)).isEqualTo(read(SESSION, SESSION.length));
  }

  @Test
  void aHugeDeclaredLengthIsRefusedBeforeAnyBodyArrives() {
    // PUBLISH declaring ~243 MB: refused from its 5 header bytes, nothing allocated for the body
    byte[] head = HexFormat.of().parseHex("20020000" + "3080808074");
    assertThatThrownBy(() -> read(head, head.length))
        .isInstanceOf(MqttProtocolException.class)
        .hasMessage("PUBLISH at offset 4: packet of 243269632 bytes exceeds the limit of 1024 bytes");
  }

  @Test
  void theFirstPacketMustBeConnack() {
    byte[] b = HexFormat.of().parseHex("d000");
    assertThatThrownBy(() -> read(b, 2))
        .hasMessage("PINGRESP at offset 0: the first packet from the broker must be CONNACK [MQTT-3.1.4-5]");
  }

  @Test
  void afterAnErrorEveryFeedRethrowsIt() throws Exception {
    MqttReader r = new MqttReader(1024, p -> { });
    assertThatThrownBy(() -> r.feed(Buffer.buffer(HexFormat.of().parseHex("2003000000"))))
        .hasMessage("CONNACK at offset 0: remaining length 3 (must be 2)");
    assertThatThrownBy(() -> r.feed(Buffer.buffer(new byte[] {0x20, 2, 0, 0})))
        .hasMessage("CONNACK at offset 0: remaining length 3 (must be 2)");
  }
}
