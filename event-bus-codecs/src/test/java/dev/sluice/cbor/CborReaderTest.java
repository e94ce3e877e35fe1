package dev.sluice.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CborReaderTest {
  private final CborReader reader = new CborReader();

  private CborValue decode(String hex) throws CborException {
    return reader.decode(HexFormat.of().parseHex(hex));
  }

  private static String error(CborReader r, String hex) {
    try {
      r.decode(HexFormat.of().parseHex(hex));
    } catch (CborException e) {
      return e.getMessage();
    }
    throw new AssertionError("decoding " + hex + " should have failed");
  }

  @Test
  void mapsWithIntegerAndTextKeysKeepBothKeyTypes() throws Exception {
    // {1: 2, "1": "abc"}: an integer key and a text key that Jackson alone would both call "1"
    CborMap m = (CborMap) decode("a20102613163616263");
    assertThat(m.get(1)).isEqualTo(new CborInt(2));
    assertThat(m.get("1")).isEqualTo(new CborText("abc"));
  }

  @Test
  void negativeKeysAndNestedStructuresDecode() throws Exception {
    // {-1: [1, h'0102', true, null], "k": 1.5}
    CborMap m = (CborMap) decode("a22084014201 02f5f6616bf93e00".replace(" ", ""));
    assertThat(m.get(-1)).isEqualTo(CborArray.of(new CborInt(1), new CborBytes(new byte[] {1, 2}),
        CborSimple.TRUE, CborSimple.NULL));
    assertThat(m.get("k")).isEqualTo(new CborFloat(1.5));
  }

  @Test
  void tagsWrapTheirItemAndBignumsBecomeIntegers() throws Exception {
    // 18([h'', 1]) and 2(h'010000000000000000') = 2^64
    assertThat(decode("d2824001")).isEqualTo(new CborTag(18, CborArray.of(new CborBytes(new byte[0]), new CborInt(1))));
    assertThat(decode("c249010000000000000000")).isEqualTo(new CborBigInt(BigInteger.ONE.shiftLeft(64)));
    // -2^64 as a native negative integer
    assertThat(decode("3bffffffffffffffff")).isEqualTo(new CborBigInt(BigInteger.ONE.shiftLeft(64).negate()));
    // tag 1 over a bignum keeps tag 1
    assertThat(decode("c1c249010000000000000000")).isEqualTo(new CborTag(1, new CborBigInt(BigInteger.ONE.shiftLeft(64))));
  }

  @Test
  void undefinedAndSimpleValuesAreDistinctFromNullAndIntegers() throws Exception {
    assertThat(decode("f7")).isEqualTo(CborSimple.UNDEFINED);
    assertThat(decode("f6")).isEqualTo(CborSimple.NULL);
    assertThat(decode("e0")).isEqualTo(new CborSimple(0));
    assertThat(decode("f8ff")).isEqualTo(new CborSimple(255));
  }

  @Test
  void indefiniteLengthItemsDecodeWhenAllowed() throws Exception {
    // [_ 1, [_ ]], (_ "a", "b"), (_ h'01', h'02')
    assertThat(decode("9f019fffff")).isEqualTo(CborArray.of(new CborInt(1), CborArray.of()));
    assertThat(decode("7f61616162ff")).isEqualTo(new CborText("ab"));
    assertThat(decode("5f41014102ff")).isEqualTo(new CborBytes(new byte[] {1, 2}));
  }

  @Test
  void truncatedInputIsRefused() {
    assertThat(error(reader, "82")).contains("truncated input: array of 2 elements but only 0 bytes left at offset 0");
    assertThat(error(reader, "4301")).contains("truncated input: byte string of 3 bytes but only 1 bytes left at offset 0");
    assertThat(error(reader, "19")).contains("truncated input: the head needs 3 bytes, 1 left at offset 0");
    assertThat(error(reader, "")).contains("empty input");
  }

  @Test
  void aLengthOfTwoToTheSixtyThirdIsRefusedBeforeAllocating() {
    assertThat(error(reader, "5b8000000000000000")).isEqualTo(
        "byte string of 9223372036854775808 bytes exceeds limit 8388608 at offset 0");
    assertThat(error(reader, "7b8000000000000000")).startsWith("text string of 9223372036854775808 bytes exceeds limit");
    assertThat(error(reader, "9b8000000000000000")).startsWith("array of 9223372036854775808 elements exceeds limit");
    assertThat(error(reader, "bb8000000000000000")).startsWith("map of 9223372036854775808 elements exceeds limit");
  }

  @Test
  void deepNestingIsRefusedAtTheLimit() {
    CborReader shallow = new CborReader(new CborOptions().setMaxDepth(3));
    assertThat(error(shallow, "81818101")).isEqualTo("nesting depth 4 exceeds limit 3 at offset 3");
    assertThat(error(reader, "81".repeat(100_000) + "01")).isEqualTo("nesting depth 65 exceeds limit 64 at offset 64");
    assertThat(error(shallow, "c1c1c101")).isEqualTo("nesting depth 4 exceeds limit 3 at offset 0");
  }

  @Test
  void indefiniteItemsWithoutABreakAreRefused() {
    assertThat(error(reader, "9f0102")).contains("array never ends");
    assertThat(error(reader, "bf0102")).contains("map never ends");
    assertThat(error(reader, "7f6161")).isEqualTo("truncated input: indefinite-length text string never ends at offset 0");
  }

  @Test
  void indefiniteItemsAreRefusedWhenNotAllowed() {
    CborReader strict = new CborReader(CborOptions.strict());
    assertThat(error(strict, "9f01ff")).isEqualTo("indefinite-length array not allowed at offset 0");
    assertThat(error(strict, "a1015f4101ff")).isEqualTo("indefinite-length byte string not allowed at offset 2");
  }

  @Test
  void invalidUtf8InTextIsRefused() {
    assertThat(error(reader, "62c328")).isEqualTo("invalid UTF-8 in text string at offset 0");
    assertThat(error(reader, "a162c32801")).isEqualTo("invalid UTF-8 in text string at offset 1");
  }

  @Test
  void itemCountLimitCountsNestedItems() {
    CborReader small = new CborReader(new CborOptions().setMaxItems(3));
    assertThat(error(small, "83010203")).isEqualTo("more than 3 data items at offset 3");
  }

  @Test
  void duplicateKeysTrailingBytesAndOtherKeyTypesAreRefused() {
    assertThat(error(reader, "a201010102")).isEqualTo("duplicate map key 1 at offset 3");
    assertThat(error(reader, "0102")).isEqualTo("unexpected data after the data item at offset 1");
    assertThat(error(reader, "a1c10101")).isEqualTo("tagged map keys are not supported at offset 1");
  }

  @Test
  void reservedHeadsAreRefused() {
    assertThat(error(reader, "1c")).isEqualTo("reserved additional information 28 at offset 0");
    assertThat(error(reader, "1f")).isEqualTo("additional information 31 is not allowed for major type 0 at offset 0");
  }

  @Test
  void deterministicModeRefusesUnsortedKeysAndLongForms() throws Exception {
    CborReader strict = new CborReader(CborOptions.strict());
    assertThat(strict.decode(HexFormat.of().parseHex("a201020203"))).isInstanceOf(CborMap.class);
    assertThat(error(strict, "a202030102")).isEqualTo("input is not in deterministic form (RFC 8949 section 4.2) at offset 1");
    assertThat(error(strict, "1801")).isEqualTo("input is not in deterministic form (RFC 8949 section 4.2) at offset 0");
  }
}
