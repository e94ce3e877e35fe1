package dev.sluice.sss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.SssTraces.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The reader gives the same frames and the same error however the bytes are split or joined:
 * one at a time, in random pieces, or several exchanges back to back.
 */
class SssReaderSplitPropertiesTest {

  /** One direction of one recorded connection. */
  record Exchange(String label, SssDirection direction, byte[] bytes) {
    @Override
    public String toString() {
      return label + " " + direction + " (" + bytes.length + " bytes)";
    }
  }

  static List<Exchange> exchanges() {
    List<Exchange> all = new ArrayList<>();
    for (Trace trace : SssTraces.all()) {
      for (int conn : trace.connections()) {
        for (SssDirection direction : SssDirection.values()) {
          all.add(new Exchange(trace.file() + "#" + conn, direction, trace.stream(conn,
              direction)));
        }
      }
    }
    return all;
  }

  @Example
  void everyRecordedExchangeFedOneByteAtATimeGivesTheSameFrames() {
    for (Exchange exchange : exchanges()) {
      assertThat(outcome(exchange.direction(), exchange.bytes(), List.of(1)))
          .as("%s", exchange).isEqualTo(outcome(exchange.direction(), exchange.bytes(), List.of()));
    }
  }

  @Property(tries = 300)
  void anExchangeFedInRandomPiecesGivesTheSameFrames(@ForAll("exchange") Exchange exchange,
      @ForAll("pieces") List<Integer> pieces) {
    List<String> whole = outcome(exchange.direction(), exchange.bytes(), List.of());
    assertThat(whole).noneMatch(seen -> seen.startsWith("ERROR"));
    assertThat(outcome(exchange.direction(), exchange.bytes(), pieces)).isEqualTo(whole);
  }

  @Property(tries = 100)
  void exchangesJoinedBackToBackGiveTheirFramesInOrder(
      @ForAll("sameDirection") List<Exchange> joined, @ForAll("pieces") List<Integer> pieces) {
    SssDirection direction = joined.get(0).direction();
    List<String> expected = new ArrayList<>();
    for (Exchange exchange : joined) {
      expected.addAll(outcome(direction, exchange.bytes(), List.of()));
    }
    byte[] all = SssTraces.concat(joined.stream().map(Exchange::bytes)
        .collect(Collectors.toList()));
    assertThat(outcome(direction, all, pieces)).isEqualTo(expected);
  }

  @Property(tries = 500)
  void garbageGivesTheSameFramesAndErrorWhateverTheSplitAndNeverThrows(
      @ForAll @Size(max = 300) byte[] garbage, @ForAll boolean toProxy,
      @ForAll("pieces") List<Integer> pieces) {
    SssDirection direction = toProxy ? SssDirection.CLIENT_TO_PROXY
        : SssDirection.PROXY_TO_CLIENT;
    assertThat(outcome(direction, garbage, pieces))
        .isEqualTo(outcome(direction, garbage, List.of()));
  }

  @Property(tries = 300)
  void aRecordedExchangeWithOneByteChangedNeverThrows(@ForAll("exchange") Exchange exchange,
      @ForAll("perMillion") int where, @ForAll byte value,
      @ForAll("pieces") List<Integer> pieces) {
    byte[] mutated = exchange.bytes().clone();
    mutated[(int) ((long) where * mutated.length / 1_000_000)] = value;
    assertThat(outcome(exchange.direction(), mutated, pieces))
        .isEqualTo(outcome(exchange.direction(), mutated, List.of()));
  }

  @Provide
  Arbitrary<Exchange> exchange() {
    return Arbitraries.of(exchanges());
  }

  @Provide
  Arbitrary<List<Exchange>> sameDirection() {
    return Arbitraries.of(SssDirection.values()).flatMap(direction -> Arbitraries.of(
        exchanges().stream().filter(e -> e.direction() == direction)
            .collect(Collectors.toList())).list().ofMinSize(1).ofMaxSize(4));
  }

  /** Piece sizes to cut the input into, cycled; empty means all at once. */
  @Provide
  Arbitrary<List<Integer>> pieces() {
    return Combinators.combine(Arbitraries.integers().between(1, 40).list().ofMinSize(1)
        .ofMaxSize(12), Arbitraries.integers().between(1, 3000))
        .as((small, large) -> {
          List<Integer> plan = new ArrayList<>(small);
          plan.add(large);
          return plan;
        });
  }

  /** A position anywhere in an input, as parts per million of its length. */
  @Provide
  Arbitrary<Integer> perMillion() {
    return Arbitraries.integers().between(0, 999_999);
  }

  /**
   * What the reader reports for {@code bytes} fed in pieces of the given sizes (cycled), then
   * end of input: each frame as hex, then the error's rule, offset and message if any.
   */
  static List<String> outcome(SssDirection direction, byte[] bytes, List<Integer> pieces) {
    RecordingFrames out = new RecordingFrames();
    SssReader reader = out.reader(direction);
    int at = 0;
    for (int i = 0; at < bytes.length; i++) {
      int size = pieces.isEmpty() ? bytes.length : pieces.get(i % pieces.size());
      int take = Math.min(size, bytes.length - at);
      reader.feed(bytes, at, take);
      at += take;
    }
    reader.endOfInput();
    List<String> seen = out.frames.stream().map(f -> Bytes.copyOf(SssWriter.encode(f)).hex())
        .collect(Collectors.toList());
    out.errors.forEach(e -> seen.add("ERROR " + e.rule() + " " + e.offset() + " "
        + e.getMessage()));
    return seen;
  }
}
