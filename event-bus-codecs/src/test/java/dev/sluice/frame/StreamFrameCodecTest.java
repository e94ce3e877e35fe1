package dev.sluice.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class StreamFrameCodecTest {

  private final StreamFrameCodec codec = new StreamFrameCodec();

  private StreamFrame roundTrip(StreamFrame f) {
    Buffer wire = Buffer.buffer().appendString("junk before");
    int pos = wire.length();
    codec.encodeToWire(wire, f);
    return codec.decodeFromWire(pos, wire);
  }

  @Property(tries = 300)
  void everyFrameSurvivesTheWire(@ForAll("frames") StreamFrame f) {
    assertThat(roundTrip(f)).isEqualTo(f);
  }

  @Test
  void localDeliveryPassesTheFrameItself() {
    StreamFrame f = new StreamFrame.Ping();
    assertThat(codec.transform(f)).isSameAs(f);
  }

  @Test
  void anUnknownTypeIsNamed() {
    Buffer b = Buffer.buffer().appendInt(1).appendByte((byte) 200);
    assertThatThrownBy(() -> codec.decodeFromWire(0, b))
        .isInstanceOf(FrameDecodeException.class).hasMessage("frame at offset 4: unknown frame type 200");
  }

  @Test
  void aLengthBeyondTheBufferIsRefused() {
    Buffer b = Buffer.buffer().appendInt(1000).appendByte((byte) 64);
    assertThatThrownBy(() -> codec.decodeFromWire(0, b))
        .hasMessage("frame at offset 0: length 1000 does not fit the 1 bytes that follow");
  }

  @Test
  void aHugePayloadLengthIsRefusedBeforeAllocation() {
    Buffer b = Buffer.buffer().appendInt(9).appendByte((byte) FrameType.RX.code()).appendInt(Integer.MAX_VALUE)
        .appendInt(3);
    assertThatThrownBy(() -> codec.decodeFromWire(0, b))
        .hasMessage("RX at offset 5: payload of 2147483647 bytes exceeds the limit of 1048576");
  }

  @Test
  void aTruncatedFieldIsNamed() {
    Buffer b = Buffer.buffer().appendInt(5).appendByte((byte) FrameType.STATE.code()).appendInt(5);
    assertThatThrownBy(() -> codec.decodeFromWire(0, b))
        .hasMessage("STATE at offset 9: a long needs 8 bytes but the frame ends after 0");
  }

  @Test
  void bytesLeftOverAreRefused() {
    Buffer b = Buffer.buffer().appendInt(3).appendByte((byte) FrameType.PING.code()).appendShort((short) 0);
    assertThatThrownBy(() -> codec.decodeFromWire(0, b))
        .hasMessage("PING at offset 5: 2 bytes left over after the fields");
  }

  @Provide
  Arbitrary<StreamFrame> frames() {
    Arbitrary<String> s = Arbitraries.strings().ofMaxLength(40);
    Arbitrary<Buffer> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Buffer::buffer);
    Arbitrary<Map<String, String>> md = Arbitraries.maps(s, s).ofMaxSize(5);
    Arbitrary<Integer> i = Arbitraries.integers();
    Arbitrary<Long> l = Arbitraries.longs();
    return Arbitraries.oneOf(List.of(
        Combinators.combine(s, md, s, s, Arbitraries.of(true, false)).as(StreamFrame.Create::new),
        Arbitraries.just(new StreamFrame.Start()),
        Arbitraries.just(new StreamFrame.Connect()),
        l.map(StreamFrame.RequestTx::new),
        Combinators.combine(payload, i).as(StreamFrame.Payload::new),
        Arbitraries.just(new StreamFrame.TxNone()),
        Combinators.combine(s, s.injectNull(0.3)).as(StreamFrame.Metadata::new),
        l.map(StreamFrame.Timeout::new),
        Arbitraries.of(true, false).map(StreamFrame.RxFlow::new),
        i.map(StreamFrame.TxCredit::new),
        i.map(StreamFrame.ServerAck::new),
        Arbitraries.just(new StreamFrame.Disconnect()),
        Arbitraries.just(new StreamFrame.Destroy()),
        Combinators.combine(Arbitraries.of(true, false), s.injectNull(0.3), s.injectNull(0.3))
            .as(StreamFrame.CreateResult::new),
        Combinators.combine(i, l).as(StreamFrame.State::new),
        Combinators.combine(payload, i).as(StreamFrame.Rx::new),
        Combinators.combine(l, i).as(StreamFrame.TxReady::new),
        Combinators.combine(s, s).as(StreamFrame.RxMetadata::new),
        Arbitraries.just(new StreamFrame.Ping())));
  }
}
