package dev.sluice.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer targets for {@link CborReader}: whatever the bytes, decoding either gives a tree that
 * re-encodes and decodes to itself, or a {@link CborException}; any other exception or error is a
 * finding. Under plain {@code mvn test} (regression mode) each target runs once per seed in
 * {@code src/test/resources/dev/sluice/cbor/CborReaderFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/toolkit.md).
 */
class CborReaderFuzzTest {
  private static final CborReader DEFAULT = new CborReader();
  /** Small limits, so the fuzzer reaches every limit check with short inputs. */
  private static final CborReader SMALL = new CborReader(new CborOptions().setMaxDepth(6).setMaxItems(40)
      .setMaxByteStringLength(24).setMaxTextLength(16).setMaxInputBytes(512));
  private static final CborReader STRICT = new CborReader(CborOptions.strict());

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] data) {
    decodeAndRoundTrip(DEFAULT, data);
    decodeAndRoundTrip(SMALL, data);
  }

  @FuzzTest(maxDuration = "60s")
  void decodeStrict(byte[] data) {
    CborValue v = decodeAndRoundTrip(STRICT, data);
    if (v != null) {
      // accepted by the strict reader: the input is the deterministic encoding of its value
      assertThat(CborWriter.deterministic().encode(v)).isEqualTo(data);
    }
  }

  private static CborValue decodeAndRoundTrip(CborReader reader, byte[] data) {
    CborValue v;
    try {
      v = reader.decode(data);
    } catch (CborException e) {
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.offset()).isBetween(-1L, (long) data.length);
      return null;
    }
    try {
      assertThat(DEFAULT.decode(CborWriter.plain().encode(v))).isEqualTo(v);
    } catch (CborException e) {
      throw new AssertionError("our own encoding of an accepted input is refused: " + e.getMessage(), e);
    }
    return v;
  }
}
