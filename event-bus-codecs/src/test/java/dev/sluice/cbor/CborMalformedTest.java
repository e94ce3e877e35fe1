package dev.sluice.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Malformed and over-limit CBOR that {@link CborReaderTest} does not already cover: every input is
 * refused with a {@link CborException} naming the fault and its offset, never another exception.
 */
class CborMalformedTest {
  private static final HexFormat HEX = HexFormat.of();
  private final CborReader reader = new CborReader();

  /** The exception decoding {@code input} throws; any other outcome fails the test. */
  static CborException refusal(CborReader r, byte[] input) {
    try {
      CborValue v = r.decode(input);
      throw new AssertionError("decoding " + HEX.formatHex(input) + " should have failed, got " + v);
    } catch (CborException e) {
      return e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw new AssertionError("decoding " + HEX.formatHex(input) + " threw " + e + " instead of a CborException", e);
    }
  }

  private CborException refusal(String hex) {
    return refusal(reader, HEX.parseHex(hex));
  }

  /** A document touching every kind of item: nested containers, tags, floats, bignums, indefinite strings. */
  static byte[] richDocument() {
    CborValue doc = CborMap.builder()
        .put(1, CborValue.of("sluice"))
        .put(-7, CborArray.of(CborValue.of(0), CborValue.of(-1), CborValue.of(Long.MAX_VALUE), CborValue.of(Long.MIN_VALUE)))
        .put("bytes", CborValue.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}))
        .put("floats", CborArray.of(new CborFloat(1.5), new CborFloat(3.4028234663852886E38), new CborFloat(0.1)))
        .put("tagged", new CborTag(1, CborValue.of(1_700_000_000L)))
        .put("big", CborBigInt.of(java.math.BigInteger.ONE.shiftLeft(70)))
        .put("simple", CborArray.of(CborSimple.TRUE, CborSimple.FALSE, CborSimple.NULL, CborSimple.UNDEFINED, new CborSimple(99)))
        .put("nested", CborMap.builder().put("ünïcødé ✓", CborArray.of(CborArray.of(CborMap.EMPTY))).build())
        .build();
    return CborWriter.deterministic().encode(doc);
  }

  @Test
  void everyProperPrefixOfAValidDocumentIsRefusedAsTruncated() throws Exception {
    byte[] doc = richDocument();
    // the whole document is fine
    assertThat(reader.decode(doc)).isInstanceOf(CborMap.class);
    for (int len = 0; len < doc.length; len++) {
      CborException e = refusal(reader, Arrays.copyOf(doc, len));
      assertThat(e.getMessage()).as("prefix of %d bytes", len).containsAnyOf("truncated input", "empty input");
      assertThat(e.offset()).as("prefix of %d bytes", len).isBetween(0L, (long) len);
      assertThat(e.getMessage()).endsWith("at offset " + e.offset());
    }
  }

  @Test
  void everyProperPrefixOfAnIndefiniteLengthDocumentIsRefused() throws Exception {
    // {_ "a": [_ 1, (_ "x", "y"), (_ h'01', h'02')], "b": 2}
    byte[] doc = HEX.parseHex("bf61619f017f61786179ff5f41014102ffff616202ff");
    assertThat(reader.decode(doc)).isInstanceOf(CborMap.class);
    for (int len = 0; len < doc.length; len++) {
      CborException e = refusal(reader, Arrays.copyOf(doc, len));
      assertThat(e.getMessage()).as("prefix of %d bytes", len).containsAnyOf("truncated input", "empty input");
      assertThat(e.offset()).isBetween(0L, (long) len);
    }
  }

  @Test
  void aLengthOfTwoToTheSixtyFourMinusOneIsRefusedBeforeAllocating() {
    assertThat(refusal("5bffffffffffffffff").getMessage())
        .isEqualTo("byte string of 18446744073709551615 bytes exceeds limit 8388608 at offset 0");
    assertThat(refusal("7bffffffffffffffff").getMessage())
        .isEqualTo("text string of 18446744073709551615 bytes exceeds limit 1048576 at offset 0");
    assertThat(refusal("9bffffffffffffffff").getMessage())
        .isEqualTo("array of 18446744073709551615 elements exceeds limit 1000000 at offset 0");
    assertThat(refusal("bbffffffffffffffff").getMessage())
        .isEqualTo("map of 18446744073709551615 elements exceeds limit 1000000 at offset 0");
    // nested: the offset is the item's own
    assertThat(refusal("825bffffffffffffffff").getMessage()).endsWith("exceeds limit 8388608 at offset 1");
  }

  @Test
  void aHugeChunkInsideAnIndefiniteStringIsRefused() {
    CborException e = refusal("5f5b8000000000000000ff");
    assertThat(e.getMessage()).isEqualTo("byte string of 9223372036854775808 bytes exceeds limit 8388608 at offset 1");
  }

  @Test
  void stringLengthLimitsApplyToByteAndTextStrings() throws Exception {
    CborReader small = new CborReader(new CborOptions().setMaxByteStringLength(4).setMaxTextLength(3));
    assertThat(small.decode(HEX.parseHex("4401020304"))).isEqualTo(new CborBytes(new byte[] {1, 2, 3, 4}));
    assertThat(small.decode(HEX.parseHex("63616263"))).isEqualTo(new CborText("abc"));
    assertThat(refusal(small, HEX.parseHex("450102030405")).getMessage())
        .isEqualTo("byte string of 5 bytes exceeds limit 4 at offset 0");
    assertThat(refusal(small, HEX.parseHex("6461626364")).getMessage())
        .isEqualTo("text string of 4 bytes exceeds limit 3 at offset 0");
    // a long text map key is held to the same limit
    assertThat(refusal(small, HEX.parseHex("a1646162636401")).getMessage())
        .isEqualTo("text string of 4 bytes exceeds limit 3 at offset 1");
  }

  @Test
  void indefiniteStringsAreHeldToTheLimitsByTheirTotalLength() {
    CborReader small = new CborReader(new CborOptions().setMaxByteStringLength(4));
    // (_ h'010203', h'040506'): each chunk fits, the whole does not
    CborException e = refusal(small, HEX.parseHex("5f430102034304050 6ff".replace(" ", "")));
    assertThat(e.getMessage()).isEqualTo("byte string of 6 bytes exceeds limit 4 at offset 0");
  }

  @Test
  void itemCountLimitCountsMapKeysAndTags() {
    CborReader small = new CborReader(new CborOptions().setMaxItems(4));
    // {1: 2, 3: 4} is 5 items
    assertThat(refusal(small, HEX.parseHex("a201020304")).getMessage()).isEqualTo("more than 4 data items at offset 4");
    // 1(1(1(1(0)))) is 5 items
    assertThat(refusal(small, HEX.parseHex("c1c1c1c100")).getMessage()).isEqualTo("more than 4 data items at offset 0");
  }

  @Test
  void anArrayDeclaringMoreItemsThanTheLimitIsRefusedBeforeReadingThem() {
    CborReader small = new CborReader(new CborOptions().setMaxItems(10));
    assertThat(refusal(small, HEX.parseHex("980b" + "00".repeat(11))).getMessage())
        .isEqualTo("array of 11 elements exceeds limit 10 at offset 0");
  }

  @Test
  void inputOverTheByteLimitIsRefusedWhole() {
    CborReader small = new CborReader(new CborOptions().setMaxInputBytes(8));
    CborException e = refusal(small, HEX.parseHex("4a" + "00".repeat(10)));
    assertThat(e.getMessage()).isEqualTo("input of 11 bytes exceeds limit 8");
    assertThat(e.offset()).isEqualTo(-1);
  }

  @Test
  void reservedAdditionalInformationIsRefusedForEveryMajorType() {
    for (int major = 0; major < 8; major++) {
      for (int info = 28; info <= 30; info++) {
        String hex = HEX.toHexDigits((byte) ((major << 5) | info));
        assertThat(refusal(hex).getMessage()).as(hex).isEqualTo("reserved additional information " + info + " at offset 0");
      }
    }
    // inside a container the offset is the item's
    assertThat(refusal("83011d02").getMessage()).isEqualTo("reserved additional information 29 at offset 2");
  }

  @Test
  void indefiniteLengthIsRefusedForIntegersAndTags() {
    assertThat(refusal("3f").getMessage()).isEqualTo("additional information 31 is not allowed for major type 1 at offset 0");
    assertThat(refusal("df01").getMessage()).isEqualTo("additional information 31 is not allowed for major type 6 at offset 0");
  }

  @Test
  void aBreakOutsideAnIndefiniteItemIsRefused() {
    assertThat(refusal("ff").getMessage()).isEqualTo("break (0xff) outside an indefinite-length item at offset 0");
    assertThat(refusal("8201ff").getMessage()).isEqualTo("break (0xff) outside an indefinite-length item at offset 2");
  }

  @Test
  void aChunkOfTheWrongTypeInAnIndefiniteStringIsRefused() {
    assertThat(refusal("5f6161ff").getMessage())
        .isEqualTo("a chunk of an indefinite-length string must be a definite string of the same type at offset 1");
    assertThat(refusal("7f7f6161ffff").getMessage())
        .isEqualTo("a chunk of an indefinite-length string must be a definite string of the same type at offset 1");
  }

  @Test
  void indefiniteMapWithAKeyButNoValueIsRefused() {
    assertThat(refusal("bf01ff").getMessage()).contains("at offset");
  }

  @Test
  void twoByteSimpleValuesBelow32AreRefused() {
    assertThat(refusal("f818").getMessage()).isEqualTo("simple value 24 must use the one-byte form at offset 0");
    assertThat(refusal("81f814").getMessage()).isEqualTo("simple value 20 must use the one-byte form at offset 1");
  }

  @Test
  void invalidUtf8IsRefusedInEveryPlaceATextStringCanBe() {
    // a lone continuation byte, an overlong '/', a surrogate half, a 5-byte form, a truncated sequence
    for (String bad : new String[] {"80", "c0af", "eda080", "f888808080", "e282"}) {
      String hex = HEX.toHexDigits((byte) (0x60 | bad.length() / 2)) + bad;
      assertThat(refusal(hex).getMessage()).as(hex).isEqualTo("invalid UTF-8 in text string at offset 0");
    }
    // in a chunk of an indefinite-length text string
    assertThat(refusal("7f6161 62c328 ff".replace(" ", "")).getMessage()).isEqualTo("invalid UTF-8 in text string at offset 3");
    // in an array element and a map value
    assertThat(refusal("820162c328").getMessage()).isEqualTo("invalid UTF-8 in text string at offset 2");
    assertThat(refusal("a10162c328").getMessage()).isEqualTo("invalid UTF-8 in text string at offset 2");
  }

  @Test
  void aTagOverABadItemIsRefusedAtTheItem() {
    // tag 1 over a truncated array, over invalid UTF-8, over a reserved head
    assertThat(refusal("c18201").getMessage()).startsWith("truncated input");
    assertThat(refusal("c162c328").getMessage()).isEqualTo("invalid UTF-8 in text string at offset 0");
    assertThat(refusal("c11c").getMessage()).isEqualTo("reserved additional information 28 at offset 1");
    // a tag with nothing after it
    assertThat(refusal("c1").getMessage()).isEqualTo("truncated input: a data item head is missing at offset 1");
    // a bignum tag over something other than a byte string
    assertThat(refusal("c263616263").getMessage()).isEqualTo("tag 2 (bignum) must enclose a byte string, not a text string at offset 0");
    assertThat(refusal("c380").getMessage()).isEqualTo("tag 3 (bignum) must enclose a byte string, not an array at offset 0");
    assertThat(refusal("82 01 c2c14100".replace(" ", "")).getMessage()).isEqualTo("tag 2 (bignum) must enclose a byte string, not a tag at offset 2");
  }

  @Test
  void tagNumbersAbove32BitsAreRefusedClearly() throws Exception {
    assertThat(reader.decode(HEX.parseHex("daffffffff00"))).isEqualTo(new CborTag(0xffff_ffffL, new CborInt(0)));
    assertThat(refusal("db000000010000000000").getMessage())
        .isEqualTo("tag number 4294967296 is above 4294967295, the largest this decoder reads at offset 0");
  }

  @Test
  void negativeBignumsWithTheHighBitSetDecodeToTheirValue() throws Exception {
    // 3(h'a00000000000000000') = -1 - 0xa0 * 2^64 (Jackson alone reads it as a positive number)
    java.math.BigInteger n = java.math.BigInteger.valueOf(0xa0).shiftLeft(64);
    assertThat(reader.decode(HEX.parseHex("c349a00000000000000000"))).isEqualTo(new CborBigInt(n.negate().subtract(java.math.BigInteger.ONE)));
    assertThat(reader.decode(HEX.parseHex("c249a00000000000000000"))).isEqualTo(new CborBigInt(n));
    // an indefinite-length magnitude
    assertThat(reader.decode(HEX.parseHex("c35f41a04800000000000000 00ff".replace(" ", ""))))
        .isEqualTo(new CborBigInt(n.negate().subtract(java.math.BigInteger.ONE)));
  }

  @Test
  void aLongChainOfTagsIsRefusedAtTheDepthLimit() {
    // 100 000 tags before one integer: refused by depth after 64 of them, not collected whole
    byte[] in = HEX.parseHex("c1".repeat(100_000) + "01");
    CborException e = refusal(reader, in);
    assertThat(e.getMessage()).startsWith("nesting depth").endsWith("exceeds limit 64 at offset 0");
  }

  @Test
  void deepNestingOfMapsAndIndefiniteArraysIsRefused() {
    assertThat(refusal("a101".repeat(100) + "01").getMessage()).isEqualTo("nesting depth 65 exceeds limit 64 at offset 128");
    assertThat(refusal("9f".repeat(10_000)).getMessage()).isEqualTo("nesting depth 65 exceeds limit 64 at offset 64");
  }

  @Test
  void theReaderKeepsServingAfterARefusal() throws Exception {
    refusal("9f0102");
    refusal("62c328");
    assertThat(reader.decode(richDocument())).isInstanceOf(CborMap.class);
  }
}
