package dev.sluice.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples of RFC 8949 appendix A: every one in preferred serialization decodes to the value
 * the RFC gives and the deterministic writer gives back the RFC's bytes; the indefinite-length
 * ones decode to the same values as their definite forms.
 */
class CborRfc8949ExamplesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final CborReader READER = new CborReader();

  private static CborValue i(long v) {
    return new CborInt(v);
  }

  private static CborValue t(String s) {
    return new CborText(s);
  }

  static Stream<Arguments> definite() {
    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    return Stream.of(
        Arguments.of("00", i(0)), Arguments.of("01", i(1)), Arguments.of("0a", i(10)), Arguments.of("17", i(23)),
        Arguments.of("1818", i(24)), Arguments.of("1819", i(25)), Arguments.of("1864", i(100)),
        Arguments.of("1903e8", i(1000)), Arguments.of("1a000f4240", i(1_000_000)),
        Arguments.of("1b000000e8d4a51000", i(1_000_000_000_000L)),
        Arguments.of("1bffffffffffffffff", new CborBigInt(two64.subtract(BigInteger.ONE))),
        Arguments.of("c249010000000000000000", new CborBigInt(two64)),
        Arguments.of("3bffffffffffffffff", new CborBigInt(two64.negate())),
        Arguments.of("c349010000000000000000", new CborBigInt(two64.negate().subtract(BigInteger.ONE))),
        Arguments.of("20", i(-1)), Arguments.of("29", i(-10)), Arguments.of("3863", i(-100)), Arguments.of("3903e7", i(-1000)),
        Arguments.of("f90000", new CborFloat(0.0)), Arguments.of("f98000", new CborFloat(-0.0)),
        Arguments.of("f93c00", new CborFloat(1.0)), Arguments.of("fb3ff199999999999a", new CborFloat(1.1)),
        Arguments.of("f93e00", new CborFloat(1.5)), Arguments.of("f97bff", new CborFloat(65504.0)),
        Arguments.of("fa47c35000", new CborFloat(100000.0)), Arguments.of("fa7f7fffff", new CborFloat(3.4028234663852886e+38)),
        Arguments.of("fb7e37e43c8800759c", new CborFloat(1.0e+300)), Arguments.of("f90001", new CborFloat(5.960464477539063e-8)),
        Arguments.of("f90400", new CborFloat(0.00006103515625)), Arguments.of("f9c400", new CborFloat(-4.0)),
        Arguments.of("fbc010666666666666", new CborFloat(-4.1)), Arguments.of("f97c00", new CborFloat(Double.POSITIVE_INFINITY)),
        Arguments.of("f97e00", new CborFloat(Double.NaN)), Arguments.of("f9fc00", new CborFloat(Double.NEGATIVE_INFINITY)),
        Arguments.of("f4", CborSimple.FALSE), Arguments.of("f5", CborSimple.TRUE), Arguments.of("f6", CborSimple.NULL),
        Arguments.of("f7", CborSimple.UNDEFINED), Arguments.of("f0", new CborSimple(16)), Arguments.of("f8ff", new CborSimple(255)),
        Arguments.of("c074323031332d30332d32315432303a30343a30305a", new CborTag(0, t("2013-03-21T20:04:00Z"))),
        Arguments.of("c11a514b67b0", new CborTag(1, i(1363896240))),
        Arguments.of("c1fb41d452d9ec200000", new CborTag(1, new CborFloat(1363896240.5))),
        Arguments.of("d74401020304", new CborTag(23, new CborBytes(new byte[] {1, 2, 3, 4}))),
        Arguments.of("d818456449455446", new CborTag(24, new CborBytes(HEX.parseHex("6449455446")))),
        Arguments.of("d82076687474703a2f2f7777772e6578616d706c652e636f6d", new CborTag(32, t("http://www.example.com"))),
        Arguments.of("40", new CborBytes(new byte[0])), Arguments.of("4401020304", new CborBytes(new byte[] {1, 2, 3, 4})),
        Arguments.of("60", t("")), Arguments.of("6161", t("a")), Arguments.of("6449455446", t("IETF")),
        Arguments.of("62225c", t("\"\\")), Arguments.of("62c3bc", t("\u00fc")), Arguments.of("63e6b0b4", t("\u6c34")),
        Arguments.of("64f0908591", t("\ud800\udd51")),
        Arguments.of("80", CborArray.of()), Arguments.of("83010203", CborArray.of(i(1), i(2), i(3))),
        Arguments.of("8301820203820405", CborArray.of(i(1), CborArray.of(i(2), i(3)), CborArray.of(i(4), i(5)))),
        Arguments.of("98190102030405060708090a0b0c0d0e0f101112131415161718181819", oneTo25()),
        Arguments.of("a0", CborMap.EMPTY),
        Arguments.of("a201020304", CborMap.builder().put(1, i(2)).put(3, i(4)).build()),
        Arguments.of("a26161016162820203", CborMap.builder().put("a", i(1)).put("b", CborArray.of(i(2), i(3))).build()),
        Arguments.of("826161a161626163", CborArray.of(t("a"), CborMap.builder().put("b", t("c")).build())),
        Arguments.of("a56161614161626142616361436164614461656145", CborMap.builder().put("a", t("A")).put("b", t("B"))
            .put("c", t("C")).put("d", t("D")).put("e", t("E")).build()));
  }

  private static CborValue oneTo25() {
    CborValue[] items = new CborValue[25];
    for (int n = 1; n <= 25; n++) {
      items[n - 1] = i(n);
    }
    return CborArray.of(items);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definite")
  void decodesToTheValueAndEncodesBackToTheSameBytes(String hex, CborValue value) throws CborException {
    assertThat(READER.decode(HEX.parseHex(hex))).isEqualTo(value);
    assertThat(HEX.formatHex(CborWriter.deterministic().encode(value))).isEqualTo(hex);
  }

  static Stream<Arguments> indefinite() {
    return Stream.of(
        Arguments.of("5f42010243030405ff", "450102030405"),
        Arguments.of("7f657374726561646d696e67ff", "6973747265616d696e67"),
        Arguments.of("9fff", "80"),
        Arguments.of("9f018202039f0405ffff", "8301820203820405"),
        Arguments.of("9f01820203820405ff", "8301820203820405"),
        Arguments.of("83018202039f0405ff", "8301820203820405"),
        Arguments.of("83019f0203ff820405", "8301820203820405"),
        Arguments.of("9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff",
            "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
        Arguments.of("bf61610161629f0203ffff", "a26161016162820203"),
        Arguments.of("826161bf61626163ff", "826161a161626163"),
        Arguments.of("bf6346756ef563416d7421ff", "a26346756ef563416d7421"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indefinite")
  void indefiniteFormsDecodeToTheirDefiniteValue(String indefiniteHex, String definiteHex) throws CborException {
    CborValue v = READER.decode(HEX.parseHex(indefiniteHex));
    assertThat(v).isEqualTo(READER.decode(HEX.parseHex(definiteHex)));
    assertThat(HEX.formatHex(CborWriter.plain().encode(v))).isEqualTo(definiteHex);
  }
}
