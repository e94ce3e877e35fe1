package dev.sluice.host.ws.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

  private static Buffer bytes(int... b) {
    Buffer out = Buffer.buffer();
    for (int v : b) {
      out.appendByte((byte) v);
    }
    return out;
  }

  @Test
  void acceptsAsciiAndMultiByteCodePointsUpToU10ffff() {
    Utf8Validator v = new Utf8Validator();
    assertThat(v.feed(Buffer.buffer("héllo € 𝄞"))).isTrue();
    assertThat(v.feed(bytes(0xF4, 0x8F, 0xBF, 0xBF))).isTrue(); // U+10FFFF
    assertThat(v.atBoundary()).isTrue();
  }

  @Test
  void rejectsOverlongFormsSurrogatesAndCodePointsAboveU10ffffAtTheFirstBadByte() {
    int[][] bad = {{0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xF5},
        {0x80}, {0x41, 0xFE}};
    long[] offsets = {0, 1, 1, 1, 0, 0, 1};
    for (int i = 0; i < bad.length; i++) {
      Utf8Validator v = new Utf8Validator();
      assertThat(v.feed(bytes(bad[i]))).as("case %d", i).isFalse();
      assertThat(v.errorOffset()).as("case %d", i).isEqualTo(offsets[i]);
    }
  }

  @Test
  void aCodePointCutAtTheEndIsPendingNotInvalidAndItsBytesAreCounted() {
    Utf8Validator v = new Utf8Validator();
    assertThat(v.feed(bytes(0x41, 0xF0, 0x9D))).isTrue();
    assertThat(v.atBoundary()).isFalse();
    assertThat(v.pendingBytes()).isEqualTo(2);
    assertThat(v.feed(bytes(0x84, 0x9E))).isTrue();
    assertThat(v.atBoundary()).isTrue();
    assertThat(v.pendingBytes()).isZero();
  }

  @Test
  void anInvalidSequenceSplitAcrossPiecesIsFoundInTheSecondPiece() {
    Utf8Validator v = new Utf8Validator();
    assertThat(v.feed(bytes(0xCE, 0xBA, 0xE1))).isTrue();
    assertThat(v.feed(bytes(0x28))).isFalse();
    assertThat(v.errorOffset()).isEqualTo(3);
  }

  /** The validator agrees with the JDK's strict decoder on any bytes, split anywhere. */
  @Property(tries = 2000)
  void agreesWithTheJdkDecoderWhereverTheBytesAreSplit(@ForAll @Size(max = 24) byte[] data,
      @ForAll @IntRange(min = 0, max = 24) int cut) {
    int at = Math.min(cut, data.length);
    Utf8Validator v = new Utf8Validator();
    boolean ok = v.feed(Buffer.buffer(data).getBuffer(0, at)) && v.feed(Buffer.buffer(data).getBuffer(at, data.length))
        && v.atBoundary();
    assertThat(ok).isEqualTo(jdkAccepts(data));
  }

  private static boolean jdkAccepts(byte[] data) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
