package dev.sluice.sss.mux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.RecordingFrames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hex traces lws's docs quote (spec §3.6) decode as described, and encode back. */
class MuxReaderTest {

  private static List<String> read(String hex) {
    RecordingMux out = new RecordingMux();
    MuxReader reader = new MuxReader(out);
    for (byte b : Bytes.fromHex(hex).toByteArray()) { // one byte at a time
      reader.feed(new byte[] {b});
    }
    reader.endOfInput();
    return out.events;
  }

  @Test
  void theClientsTwoChannelRequestsCountDownFrom0xFf() {
    assertThat(read("F0 FF F0 FE")).containsExactly("REQ 255", "REQ 254");
  }

  @Test
  void theBinanceStreamtypeOnChannel0xFfIsAStreamtypeFrameInsideAMuxFrame() {
    String sss = "AA 00 10 01 FF FF FF FF 1D CD 65 00 62 69 6E 61 6E 63 65";
    assertThat(read("F5 FF 00 13 |" + sss))
        .containsExactly("DATA 255 " + Bytes.fromHex(sss).hex());

    RecordingFrames frames = new RecordingFrames();
    frames.clientReader().feed(Bytes.fromHex(sss));
    // version 1, pid 0xFFFFFFFF, credit 500000000
    assertThat(frames.take()).isEqualTo(new ClientFrame.StreamType(0xFFFFFFFFL, 500_000_000,
        "binance"));
    frames.assertExhausted();
  }

  @Test
  void onwardConnectOnChannel0xFfIsThreeBytesOfPayload() {
    assertThat(read("F5 FF 00 03 | AB 00 00")).containsExactly("DATA 255 ab0000");
  }

  @Test
  void theProxysUartLogShowsResetPingPongThenPongackThenTwoStreams() {
    // from the device: RESET_TRANSPORT, PING, and its PONG to the proxy's own PING
    assertThat(read("F9 F6 00 00 00 00 1F 2F 89 9C F7 00 00 01 27 29 4E A2 7B 00 00 00 00 1F 2F"
        + " 8A 71")).containsExactly("RESET", "PING 1f2f899c", "PONG 127294ea27b 1f2f8a71");
    // PONGACK carries the sender's clock: lws logged "ustime 523223314"
    assertThat(read("F8 00 00 00 00 1F 2F C1 12")).containsExactly("PONGACK 523223314");
    // two STREAMTYPE frames, channels 0xFF and 0xFE, in one read
    assertThat(read("F5 FF 00 13 AA 00 10 01 FF FF FF FF 1D 64 29 1F 62 69 6E 61 6E 63 65"
        + " F5 FE 00 17 AA 00 14 01 FF FF FF FF 1D C8 CA BB 6D 69 6E 74 65 73 74 2D 6C 77 73"))
        .containsExactly("DATA 255 aa001001ffffffff1d64291f62696e616e6365",
            "DATA 254 aa001401ffffffff1dc8cabb6d696e746573742d6c7773");
  }

  @Test
  void theDevicesPingAndPongFromThePicoLog() {
    assertThat(read("F6 00 00 00 00 00 B7 2D 54")).containsExactly("PING b72d54");
    assertThat(read("F7 00 00 00 00 00 00 00 00 00 00 00 00 00 D4 BB 98"))
        .containsExactly("PONG 0 d4bb98");
  }

  @Test
  void everyFrameEncodesBackToItsBytes() {
    assertThat(hex(new MuxFrame.ChannelReq(0xff))).isEqualTo("f0ff");
    assertThat(hex(new MuxFrame.ChannelAck(1))).isEqualTo("f101");
    assertThat(hex(new MuxFrame.ChannelNack(2))).isEqualTo("f202");
    assertThat(hex(new MuxFrame.ChannelClose(3))).isEqualTo("f303");
    assertThat(hex(new MuxFrame.ChannelCloseAck(4))).isEqualTo("f404");
    assertThat(hex(new MuxFrame.Data(0xff, Bytes.fromHex("ab0000")))).isEqualTo("f5ff0003ab0000");
    assertThat(hex(new MuxFrame.Ping(0x1f2f899cL))).isEqualTo("f6000000001f2f899c");
    assertThat(hex(new MuxFrame.Pong(0x127294ea27bL, 0x1f2f8a71L)))
        .isEqualTo("f700000127294ea27b000000001f2f8a71");
    assertThat(hex(new MuxFrame.PongAck(523223314))).isEqualTo("f8000000001f2fc112");
    assertThat(hex(MuxFrame.ResetTransport.INSTANCE)).isEqualTo("f9");
  }

  @Test
  void anUnknownOpcodeIsReportedAndSkippedAndReadingGoesOn() {
    assertThat(read("F0 01 AA F1 02")).containsExactly("REQ 1",
        "ERROR unknown mux opcode 0xAA at offset 2", "ACK 2");
  }

  @Test
  void aFrameCutShortIsReportedWhenThePipeCloses() {
    assertThat(read("F5 FF 00 13 AA 00")).containsExactly(
        "ERROR MUX truncated after 6 of 23 bytes at offset 0");
    assertThat(read("F5 FF")).containsExactly(
        "ERROR MUX truncated after 2 of at least 4 bytes at offset 0");
    assertThat(read("F7 00 00")).containsExactly(
        "ERROR PONG truncated after 3 of 17 bytes at offset 0");
  }

  @Test
  void anEmptyDataFrameIsReported() {
    assertThat(read("F5 07 00 00")).containsExactly("DATA 7 ");
  }

  private static String hex(MuxFrame frame) {
    return Bytes.copyOf(MuxWriter.encode(frame)).hex();
  }
}
