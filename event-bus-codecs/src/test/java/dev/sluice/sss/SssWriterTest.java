package dev.sluice.sss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hex fixtures for every frame, both ways, and the layouts we only read. */
class SssWriterTest {

  @Test
  void everyClientFrameHasLwsLayout() {
    // STREAMTYPE: version 1, pid 0x30d1, credit 500000000, "sx-hello_world" (trace 01)
    roundTrip(new ClientFrame.StreamType(0x30d1, 500_000_000, "sx-hello_world"),
        "aa 0017 01 000030d1 1dcd6500 73782d68656c6c6f5f776f726c64");
    roundTrip(ClientFrame.OnwardConnect.INSTANCE, "ab 0000");
    roundTrip(ClientFrame.Destroying.INSTANCE, "ac 0000");
    // TX_PAYLOAD: flags SOM|EOM, 5 us wait, time 0x0102030405060708, payload "hi" at offset 19
    roundTrip(new ClientFrame.TxPayload(3, 5, 0x0102030405060708L, null, Bytes.latin1("hi")),
        "ad 0012 00000003 00000005 0102030405060708 6869");
    roundTrip(new ClientFrame.Metadata("ctype", Bytes.latin1("a/b")), "ae 0009 05 6374797065 612f62");
    // a negative delta travels as its two's complement
    roundTrip(new ClientFrame.TxCreditUpdate(-2), "af 0004 fffffffe");
    roundTrip(new ClientFrame.TimeoutUpdate(ClientFrame.TimeoutUpdate.CANCEL), "b0 0004 ffffffff");
    roundTrip(new ClientFrame.PayloadLengthHint(5970), "b1 0004 00001752");
  }

  @Test
  void everyProxyFrameHasLwsLayout() {
    // RX_PAYLOAD with a rideshare name: 1-byte length and the name after the 16 header bytes
    roundTrip(new ProxyFrame.RxPayload(SssFlags.RIDESHARE | SssFlags.SOM, 0, 1, "rs", Bytes
        .latin1("x")), "55 0014 00000021 00000000 0000000000000001 02 7273 78");
    // CREATE_RESULT: result, buffer size, then ",a,b": a leading comma and no tx credit
    roundTrip(ProxyFrame.CreateResult.ok(32768, List.of("a", "b")),
        "56 0009 00 00008000 2c61 2c62");
    roundTrip(ProxyFrame.CreateResult.failed(), "56 0005 01 00000000");
    roundTrip(ProxyFrame.ConnState.of(SssConnState.CONNECTED, 7), "57 0005 05 00000007");
    // a user state above 255 takes four bytes
    roundTrip(new ProxyFrame.ConnState(1003, 0), "57 0008 000003eb 00000000");
    roundTrip(new ProxyFrame.TxCreditUpdate(65536), "58 0004 00010000");
    roundTrip(new ProxyFrame.Metadata("ctype", Bytes.latin1("text/plain")),
        "59 0010 05 6374797065 746578742f706c61696e");
    roundTrip(new ProxyFrame.Perf(Bytes.latin1("{}")), "5b 0002 7b7d");
  }

  @Test
  void reservedFramesAreWrittenForTestsButNeverRead() {
    assertThat(Bytes.copyOf(SssWriter.encode(new ClientFrame.TlsnegEnclaveSigned(Bytes.EMPTY))))
        .isEqualTo(Bytes.fromHex("b2 0000"));
    assertThat(Bytes.copyOf(SssWriter.encode(new ClientFrame.LinkValidityProbe(Bytes.EMPTY))))
        .isEqualTo(Bytes.fromHex("b3 0000"));
    assertThat(Bytes.copyOf(SssWriter.encode(new ProxyFrame.TlsnegEnclaveSign(Bytes.EMPTY))))
        .isEqualTo(Bytes.fromHex("5a 0000"));
  }

  @Test
  void aCreateResultListIsReadWithOrWithoutTheLeadingCommaAndWithEmptyEntries() {
    ProxyFrame.CreateResult expected = ProxyFrame.CreateResult.ok(0, List.of("a", "bc"));
    assertThat(read("56 0009 00 00000000 612c6263")).isEqualTo(expected);
    assertThat(read("56 000d 00 00000000 2c2c612c2c62632c")).isEqualTo(expected);
  }

  @Test
  void aCreateResultWithTheHeaderCommentsTwoByteCreditIsReadToo() {
    // the comment puts a 2-byte initial tx credit (here 0x0100) before the list
    assertThat(read("56 000c 00 00000000 0100 2c61 2c6263"))
        .isEqualTo(ProxyFrame.CreateResult.ok(0, List.of("a", "bc")));
  }

  @Test
  void aFailedCreateResultOfOnlyTheResultByteIsRead() {
    assertThat(read("56 0001 01")).isEqualTo(new ProxyFrame.CreateResult(1, 0, List.of()));
  }

  @Test
  void aConnStateWithTwoOrThreeStateBytesIsReadAsLwsClientsDo() {
    // lws clients read restlen-4 bytes of state
    assertThat(read("57 0006 0005 00000000")).isEqualTo(new ProxyFrame.ConnState(5, 0));
    assertThat(read("57 0007 0003eb 00000009")).isEqualTo(new ProxyFrame.ConnState(1003, 9));
  }

  @Test
  void anEmptyPayloadIsAHeaderOfNineteenBytes() {
    roundTrip(ProxyFrame.RxPayload.of(SssFlags.EOM, Bytes.EMPTY),
        "55 0010 00000002 00000000 0000000000000000");
  }

  @Test
  void aPayloadOverTheSixteenBitLimitCannotBeBuilt() {
    Bytes big = Bytes.copyOf(new byte[70_000]);
    assertThatThrownBy(() -> ClientFrame.TxPayload.of(0, big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TX_PAYLOAD body of 70016 bytes exceeds the 16-bit frame limit 65535");
    // the largest that fits
    ProxyFrame.RxPayload max = ProxyFrame.RxPayload.of(0, Bytes.copyOf(new byte[65535 - 16]));
    assertThat(SssWriter.encode(max)).hasSize(3 + 65535);
  }

  @Test
  void namesLwsWouldRefuseCannotBeBuilt() {
    assertThatThrownBy(() -> new ClientFrame.StreamType(1, 1, "x".repeat(32)))
        .hasMessage("STREAMTYPE streamtype \"" + "x".repeat(32) + "\" has 32 chars, more than 31");
    assertThatThrownBy(() -> new ClientFrame.Metadata("x".repeat(31), Bytes.latin1("v")))
        .hasMessage("METADATA name \"" + "x".repeat(31) + "\" has 31 chars, more than 30");
    assertThatThrownBy(() -> new ClientFrame.Metadata("n", Bytes.EMPTY))
        .hasMessage("METADATA \"n\" needs a value of at least one byte");
    assertThatThrownBy(() -> new ProxyFrame.RxPayload(SssFlags.RIDESHARE, 0, 0, null, Bytes.EMPTY))
        .hasMessage("RX_PAYLOAD has the RIDESHARE flag but no rideshare name");
    assertThatThrownBy(() -> ProxyFrame.CreateResult.ok(0, List.of("a,b")))
        .hasMessage("CREATE_RESULT rideshare name \"a,b\" contains a comma");
    assertThatThrownBy(() -> new ClientFrame.StreamType(-1, 1, "x"))
        .hasMessage("STREAMTYPE pid -1 is not an unsigned 32-bit value");
  }

  @Test
  void aRideshareListLwsClientsWouldRefuseCannotBeBuilt() {
    List<String> names = List.of("a".repeat(31), "b".repeat(31), "c".repeat(31), "d".repeat(31));
    assertThatThrownBy(() -> ProxyFrame.CreateResult.ok(0, names))
        .hasMessage("CREATE_RESULT rideshare list of 128 bytes exceeds the 127 lws clients accept");
  }

  private static void roundTrip(SssFrame frame, String hex) {
    Bytes wire = Bytes.fromHex(hex);
    assertThat(Bytes.copyOf(SssWriter.encode(frame))).as("%s", frame).isEqualTo(wire);
    assertThat(SssWriter.encodedLength(frame)).isEqualTo(wire.length());
    RecordingFrames out = new RecordingFrames();
    out.reader(frame.type().direction()).feed(wire);
    assertThat(out.take()).isEqualTo(frame);
    out.assertExhausted();
  }

  private static SssFrame read(String hex) {
    RecordingFrames out = new RecordingFrames();
    out.proxyReader().feed(Bytes.fromHex(hex));
    SssFrame frame = out.take();
    out.assertExhausted();
    return frame;
  }
}
