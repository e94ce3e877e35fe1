package dev.sluice.sss.mux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.Bytes;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The mux reader reports the same frames and errors however the pipe splits the bytes. */
class MuxReaderSplitPropertiesTest {

  /** lws's quoted traces back to back, with a large DATA frame and a bad opcode between. */
  private static final byte[] TRACE = Bytes.fromHex("F9 F6 000000001F2F899C"
      + " F7 00000127294EA27B 000000001F2F8A71 F8 000000001F2FC112 F0FF F0FE"
      + " F5 FF 0013 AA0010 01 FFFFFFFF 1DCD6500 62696E616E6365 F5 FF 0003 AB0000 42"
      + " F5 01 0400 " + "61".repeat(1024) + " F3 01 F4 01 F1 02 F2 03").toByteArray();

  @Property(tries = 300)
  void aTraceReadInRandomPiecesGivesTheSameEvents(@ForAll("pieces") List<Integer> pieces) {
    assertThat(read(TRACE, pieces)).isEqualTo(read(TRACE, List.of()));
  }

  @Property(tries = 300)
  void garbageGivesTheSameEventsWhateverTheSplitAndNeverThrows(
      @ForAll @Size(max = 400) byte[] garbage, @ForAll("pieces") List<Integer> pieces) {
    assertThat(read(garbage, pieces)).isEqualTo(read(garbage, List.of()));
  }

  @Provide
  Arbitrary<List<Integer>> pieces() {
    return Arbitraries.integers().between(1, 50).list().ofMinSize(1).ofMaxSize(10);
  }

  private static List<String> read(byte[] bytes, List<Integer> pieces) {
    RecordingMux out = new RecordingMux();
    MuxReader reader = new MuxReader(out);
    int at = 0;
    for (int i = 0; at < bytes.length; i++) {
      int take = Math.min(pieces.isEmpty() ? bytes.length : pieces.get(i % pieces.size()),
          bytes.length - at);
      reader.feed(bytes, at, take);
      at += take;
    }
    reader.endOfInput();
    return out.events;
  }
}
