package dev.sluice.sss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.SssTraces.Frame;
import dev.sluice.sss.SssTraces.Trace;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec against the bytes lws's own client and proxy exchanged. */
class SssTraceCodecTest {

  static List<Trace> traces() {
    return SssTraces.all();
  }

  @ParameterizedTest
  @MethodSource("traces")
  void everyRecordedFrameDecodesAndReencodesToTheSameBytes(Trace trace) {
    assertThat(trace.frames()).isNotEmpty();
    for (Frame recorded : trace.frames()) {
      RecordingFrames out = new RecordingFrames();
      out.reader(recorded.direction()).feed(recorded.bytes());

      SssFrame frame = out.take();
      out.assertExhausted();
      assertThat(frame.type().code()).as("%s", recorded).isEqualTo(recorded.type());
      assertThat(frame.type().wireName()).as("%s", recorded).isEqualTo(recorded.name());
      assertThat(SssWriter.bodyLength(frame)).as("%s", recorded).isEqualTo(recorded.length());
      assertThat(SssWriter.encode(frame)).as("%s", recorded).isEqualTo(recorded.bytes());
    }
  }

  @ParameterizedTest
  @MethodSource("traces")
  void eachDirectionFedInTheRecordedChunksGivesTheRecordedFrames(Trace trace) {
    for (int conn : trace.connections()) {
      for (SssDirection direction : SssDirection.values()) {
        RecordingFrames out = new RecordingFrames();
        SssReader reader = out.reader(direction);
        trace.chunks(conn, direction).forEach(reader::feed);
        reader.endOfInput();

        List<String> expected = trace.frames(conn, direction).stream()
            .map(f -> SssTraces.concat(List.of(f.bytes()))).map(Bytes::copyOf).map(Bytes::hex)
            .collect(Collectors.toList());
        List<String> decoded = out.frames.stream().map(SssWriter::encode).map(Bytes::copyOf)
            .map(Bytes::hex).collect(Collectors.toList());
        assertThat(out.errors).as("%s conn %d %s", trace, conn, direction).isEmpty();
        assertThat(decoded).as("%s conn %d %s", trace, conn, direction).isEqualTo(expected);
      }
    }
  }

  @Test
  void aGetShowsTheLayoutsLwsWritesRatherThanItsHeaderComments() {
    Trace get = SssTraces.named("01-");
    List<SssFrame> c2p = decode(get, SssDirection.CLIENT_TO_PROXY);
    List<SssFrame> p2c = decode(get, SssDirection.PROXY_TO_CLIENT);

    // STREAMTYPE: version 1, the client's pid, lws's default credit of 500000000, the name
    ClientFrame.StreamType st = (ClientFrame.StreamType) c2p.get(0);
    assertThat(st.streamType()).isEqualTo("sx-hello_world");
    assertThat(st.initialTxCredit()).isEqualTo(ClientFrame.DEFAULT_INITIAL_TX_CREDIT);
    assertThat(c2p.get(1)).isEqualTo(ClientFrame.OnwardConnect.INSTANCE);

    // CREATE_RESULT: no 2-byte credit, then ",streamtype" with its leading comma
    ProxyFrame.CreateResult cr = (ProxyFrame.CreateResult) p2c.get(0);
    assertThat(cr.isOk()).isTrue();
    assertThat(cr.clientBuflen()).isZero();
    assertThat(cr.rideshare()).containsExactly("sx-hello_world");

    // RX_PAYLOAD: payload from frame offset 19; the three frames carry the 2000-byte body
    List<ProxyFrame.RxPayload> rx = p2c.stream().filter(f -> f instanceof ProxyFrame.RxPayload)
        .map(f -> (ProxyFrame.RxPayload) f).collect(Collectors.toList());
    assertThat(rx).extracting(f -> f.payload().length()).containsExactly(1520, 480, 0);
    assertThat(rx).extracting(ProxyFrame.RxPayload::flags)
        .containsExactly(SssFlags.SOM, 0, SssFlags.EOM);
    assertThat(rx).allSatisfy(f -> assertThat(f.usLatency()).isZero());
    assertThat(rx.get(0).payload().getUnsignedByte(0)).isEqualTo('A');

    // CONNSTATE: a 1-byte state; CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED
    assertThat(p2c.stream().filter(f -> f instanceof ProxyFrame.ConnState)
        .map(f -> ((ProxyFrame.ConnState) f).known()))
        .containsExactly(SssConnState.CREATING, SssConnState.CONNECTING, SssConnState.CONNECTED,
            SssConnState.QOS_ACK_REMOTE, SssConnState.DISCONNECTED);

    ProxyFrame.Metadata md = (ProxyFrame.Metadata) p2c.get(3);
    assertThat(md.name()).isEqualTo("ctype");
    assertThat(md.value().latin1()).isEqualTo("text/plain");
  }

  @Test
  void aPostCarriesMetadataThenTheLengthHintThenPayloadWhoseSizesAddUpToTheHint() {
    List<SssFrame> c2p = decode(SssTraces.named("02-"), SssDirection.CLIENT_TO_PROXY);

    assertThat(c2p).extracting(SssFrame::type).containsExactly(SssFrameType.STREAMTYPE,
        SssFrameType.CLIENT_METADATA, SssFrameType.PAYLOAD_LENGTH_HINT,
        SssFrameType.ONWARD_CONNECT, SssFrameType.TX_PAYLOAD, SssFrameType.TX_PAYLOAD);
    ClientFrame.Metadata md = (ClientFrame.Metadata) c2p.get(1);
    assertThat(md.name()).isEqualTo("ctype");
    assertThat(md.value().latin1()).isEqualTo("multipart/form-data;boundary=\"boundary\"");
    long hint = ((ClientFrame.PayloadLengthHint) c2p.get(2)).length();
    assertThat(hint).isEqualTo(5970);
    ClientFrame.TxPayload first = (ClientFrame.TxPayload) c2p.get(4);
    ClientFrame.TxPayload last = (ClientFrame.TxPayload) c2p.get(5);
    assertThat(first.payload().length() + last.payload().length()).isEqualTo(hint);
    assertThat(first.flags()).isEqualTo(SssFlags.SOM);
    assertThat(last.flags()).isEqualTo(SssFlags.EOM);
  }

  @Test
  void aFailedCreateIsTheResultByteOneAndAZeroBufferSizeWithNoList() {
    for (String name : List.of("04-", "04b-")) {
      Trace trace = SssTraces.named(name);
      for (int conn : trace.connections()) {
        List<SssFrame> p2c = decode(trace, conn, SssDirection.PROXY_TO_CLIENT);
        assertThat(p2c).containsExactly(ProxyFrame.CreateResult.failed());
      }
    }
  }

  private static List<SssFrame> decode(Trace trace, SssDirection direction) {
    return decode(trace, 0, direction);
  }

  private static List<SssFrame> decode(Trace trace, int conn, SssDirection direction) {
    RecordingFrames out = new RecordingFrames();
    out.reader(direction).feed(trace.stream(conn, direction));
    assertThat(out.errors).isEmpty();
    return out.frames;
  }
}
