package dev.sluice.sss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.SssProtocolException.Rule;
import dev.sluice.sss.SssTraces.Frame;
import dev.sluice.sss.SssTraces.Trace;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A recorded exchange cut at every byte offset: the frames before the cut arrive, and a cut
 * inside a frame is reported as TRUNCATED at that frame's first byte, never as an exception.
 */
class SssTruncationTest {

  static List<Trace> traces() {
    return SssTraces.all();
  }

  @ParameterizedTest
  @MethodSource("traces")
  void anExchangeCutAtEveryOffsetReportsTheFramesBeforeTheCutAndATruncation(Trace trace) {
    for (int conn : trace.connections()) {
      for (SssDirection direction : SssDirection.values()) {
        byte[] stream = trace.stream(conn, direction);
        List<Frame> frames = trace.frames(conn, direction);
        for (int cut = 0; cut <= stream.length; cut++) {
          assertCut(direction, Arrays.copyOf(stream, cut), frames);
        }
      }
    }
  }

  private static void assertCut(SssDirection direction, byte[] head, List<Frame> frames) {
    RecordingFrames out = new RecordingFrames();
    SssReader reader = out.reader(direction);
    reader.feed(head);
    reader.endOfInput();

    int start = 0;
    for (Frame frame : frames) {
      int end = start + frame.bytes().length;
      if (end <= head.length) {
        assertThat(SssWriter.encode(out.take())).isEqualTo(frame.bytes());
      } else if (start < head.length) {
        SssProtocolException error = out.takeError();
        assertThat(error.rule()).isEqualTo(Rule.TRUNCATED);
        assertThat(error.offset()).isEqualTo(start);
        String expected = head.length - start < 3 ? "at least 3" : "" + frame.bytes().length;
        assertThat(error).hasMessage(frame.name() + " truncated after " + (head.length - start)
            + " of " + expected + " bytes at offset " + start);
      }
      start = end;
    }
    out.assertExhausted();
  }
}
