package dev.sluice.sss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.SssProtocolException.Rule;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything lws hangs up on, one row each: the reader reports the rule, the frame and the offset
 * in words, whether the bytes come at once or one at a time, and never throws.
 */
class SssReaderErrorTest {

  /** A proxy gate before STREAMTYPE: only STREAMTYPE may come. */
  private static final SssFrameGate WAITING_FOR_STREAMTYPE = new SssFrameGate() {
    @Override
    public boolean allows(SssFrameType type) {
      return type == SssFrameType.STREAMTYPE;
    }

    @Override
    public String stateName() {
      return "WAIT_INITIAL_TX";
    }
  };

  /** A proxy gate whose policy declares only "ctype". */
  private static final SssFrameGate DECLARES_CTYPE = new SssFrameGate() {
    @Override
    public boolean allows(SssFrameType type) {
      return true;
    }

    @Override
    public String stateName() {
      return "OPERATIONAL";
    }

    @Override
    public boolean declaresMetadata(String name) {
      return Set.of("ctype").contains(name);
    }
  };

  static Stream<Arguments> clientToProxy() {
    return Stream.of(
        row("an unknown type byte", "42 0000", Rule.UNKNOWN_TYPE,
            "unknown frame type 0x42 at offset 0"),
        row("an unknown type after a good frame", "ab 0000 | 00", Rule.UNKNOWN_TYPE,
            "unknown frame type 0x00 at offset 3"),
        row("a proxy-to-client type", "55 0010", Rule.WRONG_DIRECTION,
            "RX_PAYLOAD (0x55) is a proxy-to-client frame, not expected client-to-proxy"
                + " at offset 0"),
        row("the reserved 0xB2", "b2 0000", Rule.RESERVED_TYPE,
            "TLSNEG_ENCLAVE_SIGNED (0xB2) is reserved and not implemented at offset 0"),
        row("the never-sent 0xB3", "b3 0000", Rule.RESERVED_TYPE,
            "LINK_VALIDITY_PROBE (0xB3) is reserved and not implemented at offset 0"),
        // version, pid and credit but no name: lws needs at least one name byte
        row("a STREAMTYPE without a name", "aa 0009 01 00000001 1dcd6500",
            Rule.LENGTH_TOO_SHORT,
            "STREAMTYPE length 9 is shorter than its fixed header of 10 bytes at offset 1"),
        row("a STREAMTYPE of version 2", "aa 000a 02 00000001 1dcd6500 78", Rule.BAD_VERSION,
            "STREAMTYPE protocol version 2 is not 1 at offset 3"),
        // 32 name bytes: lws keeps at most 31
        row("a STREAMTYPE name of 32 chars", "aa 0029 01 00000001 1dcd6500" + "61".repeat(32),
            Rule.LENGTH_TOO_LONG,
            "STREAMTYPE length 41 exceeds the 40 bytes lws accepts at offset 1"),
        row("an ONWARD_CONNECT with a body", "ab 0001 00", Rule.LENGTH_TOO_LONG,
            "ONWARD_CONNECT length 1 is not its fixed 0 bytes at offset 1"),
        row("a TX_PAYLOAD shorter than its header", "ad 000f" + "00".repeat(15),
            Rule.LENGTH_TOO_SHORT,
            "TX_PAYLOAD length 15 is shorter than its fixed header of 16 bytes at offset 1"),
        // flags 0x20 (RIDESHARE) but the body ends after the timings
        row("a RIDESHARE TX_PAYLOAD without a name", "ad 0010 00000020" + "00".repeat(12),
            Rule.BAD_NAME_LENGTH,
            "TX_PAYLOAD has the RIDESHARE flag but no rideshare name at offset 19"),
        row("a METADATA shorter than its header", "ae 0002 01 61", Rule.LENGTH_TOO_SHORT,
            "METADATA length 2 is shorter than its fixed header of 3 bytes at offset 1"),
        // name length 0x28 = 40 in a 12-byte body
        row("a METADATA name longer than the frame", "ae 000c 28" + "61".repeat(11),
            Rule.BAD_NAME_LENGTH,
            "METADATA name length 40 exceeds frame body of 12 bytes at offset 3"),
        row("a METADATA name of 31 chars", "ae 0021 1f" + "61".repeat(32), Rule.BAD_NAME_LENGTH,
            "METADATA name length 31 exceeds 30 at offset 3"),
        row("a METADATA name of length 0", "ae 0003 00 6162", Rule.BAD_NAME_LENGTH,
            "METADATA name length is 0 at offset 3"),
        row("a METADATA without a value", "ae 0003 02 6162", Rule.BAD_NAME_LENGTH,
            "METADATA name length 2 leaves no room for a value in frame body of 3 bytes"
                + " at offset 3"),
        row("a TXCR_UPDATE of 5 bytes", "af 0005 0000000100", Rule.LENGTH_TOO_LONG,
            "TXCR_UPDATE length 5 is not its fixed 4 bytes at offset 1"),
        row("a TIMEOUT_UPDATE of 3 bytes", "b0 0003 000001", Rule.LENGTH_TOO_SHORT,
            "TIMEOUT_UPDATE length 3 is shorter than its fixed header of 4 bytes at offset 1"),
        row("a PAYLOAD_LENGTH_HINT of 8 bytes", "b1 0008 0000000000001752",
            Rule.LENGTH_TOO_LONG,
            "PAYLOAD_LENGTH_HINT length 8 is not its fixed 4 bytes at offset 1"));
  }

  static Stream<Arguments> proxyToClient() {
    return Stream.of(
        row("an unknown type byte", "ff", Rule.UNKNOWN_TYPE,
            "unknown frame type 0xFF at offset 0"),
        row("a client-to-proxy type", "aa 0017", Rule.WRONG_DIRECTION,
            "STREAMTYPE (0xAA) is a client-to-proxy frame, not expected proxy-to-client"
                + " at offset 0"),
        row("the reserved 0x5A", "5a 0000", Rule.RESERVED_TYPE,
            "TLSNEG_ENCLAVE_SIGN (0x5A) is reserved and not implemented at offset 0"),
        row("an RX_PAYLOAD shorter than its header", "55 0004 00000001", Rule.LENGTH_TOO_SHORT,
            "RX_PAYLOAD length 4 is shorter than its fixed header of 16 bytes at offset 1"),
        // rideshare length 0x20 = 32: at or above lws's 32-byte buffer
        row("a rideshare name length at the buffer size",
            "55 0031 00000020 00000000 0000000000000000 20" + "61".repeat(32),
            Rule.BAD_NAME_LENGTH, "RX_PAYLOAD rideshare name length 32 exceeds 31 at offset 19"),
        row("a rideshare name longer than the frame",
            "55 0013 00000020 00000000 0000000000000000 05 6162", Rule.BAD_NAME_LENGTH,
            "RX_PAYLOAD rideshare name length 5 exceeds frame body of 19 bytes at offset 19"),
        row("an empty CREATE_RESULT", "56 0000", Rule.LENGTH_TOO_SHORT,
            "CREATE_RESULT length 0 is shorter than its fixed header of 1 bytes at offset 1"),
        // the old layout the header comment describes: result and a 2-byte credit
        row("a successful CREATE_RESULT without the buffer size", "56 0003 00 0100",
            Rule.LENGTH_TOO_SHORT, "CREATE_RESULT length 3 is too short for a success, which"
                + " needs 5 (result and client buffer size) at offset 1"),
        row("a CREATE_RESULT list of 128 bytes", "56 0085 00 00000000" + "2c".repeat(128),
            Rule.LENGTH_TOO_LONG,
            "CREATE_RESULT length 133 exceeds the 132 bytes lws accepts at offset 1"),
        row("a CONNSTATE of 4 bytes", "57 0004 00000005", Rule.LENGTH_TOO_SHORT,
            "CONNSTATE length 4 is shorter than its fixed header of 5 bytes at offset 1"),
        row("a CONNSTATE of 9 bytes", "57 0009 000000050000000000", Rule.LENGTH_TOO_LONG,
            "CONNSTATE length 9 exceeds the 8 bytes lws accepts at offset 1"),
        row("a TXCR_UPDATE of 2 bytes", "58 0002 0001", Rule.LENGTH_TOO_SHORT,
            "TXCR_UPDATE length 2 is shorter than its fixed header of 4 bytes at offset 1"),
        row("a METADATA name longer than the frame", "59 0004 09 616263", Rule.BAD_NAME_LENGTH,
            "METADATA name length 9 exceeds frame body of 4 bytes at offset 3"),
        row("an empty PERF", "5b 0000", Rule.LENGTH_TOO_SHORT,
            "PERF length 0 is shorter than its fixed header of 1 bytes at offset 1"));
  }

  private static Arguments row(String what, String hex, Rule rule, String message) {
    return Arguments.of(what, hex, rule, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientToProxy")
  void aProxyRefusesWhatLwsHangsUpOn(String what, String hex, Rule rule, String message) {
    assertRefused(SssDirection.CLIENT_TO_PROXY, SssFrameGate.OPEN, SssLimits.DEFAULT, hex,
        rule, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("proxyToClient")
  void aClientRefusesWhatLwsHangsUpOn(String what, String hex, Rule rule, String message) {
    assertRefused(SssDirection.PROXY_TO_CLIENT, SssFrameGate.OPEN, SssLimits.DEFAULT, hex,
        rule, message);
  }

  @Test
  void aFrameTheStateForbidsIsRefusedAtItsTypeByte() {
    // TX_PAYLOAD before any STREAMTYPE
    assertRefused(SssDirection.CLIENT_TO_PROXY, WAITING_FOR_STREAMTYPE, SssLimits.DEFAULT,
        "ad", Rule.NOT_ALLOWED_IN_STATE,
        "TX_PAYLOAD not allowed in state WAIT_INITIAL_TX at offset 0");
  }

  @Test
  void metadataThePolicyDoesNotDeclareIsRefused() {
    // name "foo", value "x"
    assertRefused(SssDirection.CLIENT_TO_PROXY, DECLARES_CTYPE, SssLimits.DEFAULT,
        "ae 0005 03 666f6f 78", Rule.UNDECLARED_METADATA,
        "METADATA name \"foo\" is not declared by the policy for this streamtype at offset 4");
  }

  @Test
  void declaredMetadataPasses() {
    RecordingFrames out = new RecordingFrames();
    SssReader.clientFrames(out, DECLARES_CTYPE, SssLimits.DEFAULT)
        .feed(Bytes.fromHex("ae 0007 05 6374797065 78"));
    assertThat(out.take()).isEqualTo(new ClientFrame.Metadata("ctype", Bytes.latin1("x")));
    out.assertExhausted();
  }

  @Test
  void aPayloadOverTheLimitIsRefusedFromItsHeaderBeforeAnyBodyArrives() {
    // only the three header bytes of a 65535-byte TX_PAYLOAD
    assertRefused(SssDirection.CLIENT_TO_PROXY, SssFrameGate.OPEN,
        SssLimits.DEFAULT.withMaxPayloadBody(32768), "ad ffff", Rule.OVERSIZE,
        "TX_PAYLOAD length 65535 exceeds limit 32768 at offset 1");
  }

  @Test
  void bytesBeyondA64KiBFrameAreReadAsTheNextFrameAndRefused() {
    // a writer that ignores the 16-bit limit: 70000 payload bytes behind a length of 0xffff
    byte[] wire = new byte[3 + 70_000];
    wire[0] = (byte) 0xad;
    wire[1] = (byte) 0xff;
    wire[2] = (byte) 0xff;
    Arrays.fill(wire, 3, wire.length, (byte) 'A');
    RecordingFrames out = new RecordingFrames();
    out.clientReader().feed(wire);

    assertThat(((ClientFrame.TxPayload) out.take()).payload().length()).isEqualTo(0xffff - 16);
    SssProtocolException error = out.takeError();
    assertThat(error.rule()).isEqualTo(Rule.UNKNOWN_TYPE);
    assertThat(error).hasMessage("unknown frame type 0x41 at offset 65538");
    out.assertExhausted();
  }

  @Test
  void afterAnErrorTheReaderIgnoresEverythingElse() {
    RecordingFrames out = new RecordingFrames();
    SssReader reader = out.clientReader();
    reader.feed(Bytes.fromHex("42"));
    reader.feed(Bytes.fromHex("ab 0000"));
    reader.endOfInput();

    assertThat(out.takeError()).hasMessage("unknown frame type 0x42 at offset 0");
    assertThat(reader.isClosed()).isTrue();
    out.assertExhausted();
  }

  private static void assertRefused(SssDirection direction, SssFrameGate gate, SssLimits limits,
      String hex, Rule rule, String message) {
    byte[] wire = Bytes.fromHex(hex).toByteArray();
    for (boolean bytewise : new boolean[] {false, true}) {
      RecordingFrames out = new RecordingFrames();
      SssReader reader = direction == SssDirection.CLIENT_TO_PROXY
          ? SssReader.clientFrames(out, gate, limits) : SssReader.proxyFrames(out, gate, limits);
      if (bytewise) {
        for (byte b : wire) {
          reader.feed(new byte[] {b});
        }
      } else {
        reader.feed(wire);
      }
      out.frames.removeIf(f -> true); // frames before the bad one are not the point here
      SssProtocolException error = out.takeError();
      assertThat(error.rule()).isEqualTo(rule);
      assertThat(error).hasMessage(message);
      out.assertExhausted();
    }
  }
}
