package dev.sluice.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arbitrary CBOR trees survive encoding and decoding, and the deterministic form is canonical:
 * one byte sequence per value, map keys in bytewise order of their encodings (RFC 8949 section
 * 4.2.1), integers and lengths in their shortest head, and a strict reader accepts exactly it.
 */
class CborRoundTripPropertiesTest {
  private static final CborReader READER = new CborReader();
  private static final CborReader STRICT = new CborReader(CborOptions.strict());

  @Property(tries = 400)
  void plainEncodingDecodesToTheSameTree(@ForAll("values") CborValue value) throws CborException {
    assertThat(READER.decode(CborWriter.plain().encode(value))).isEqualTo(value);
  }

  @Property(tries = 400)
  void deterministicEncodingDecodesToTheSameValueAndReencodesByteForByte(@ForAll("values") CborValue value)
      throws CborException {
    byte[] canonical = CborWriter.deterministic().encode(value);
    CborValue decoded = STRICT.decode(canonical);
    // the same value: only map entry order may differ, and the deterministic encodings agree
    assertThat(CborWriter.plain().encode(decoded)).isEqualTo(canonical);
    assertThat(CborWriter.deterministic().encode(decoded)).isEqualTo(canonical);
    assertThat(sortedMaps(decoded)).isEqualTo(sortedMaps(value));
  }

  @Property(tries = 400)
  void deterministicMapsAreSortedByTheBytesOfTheirKeys(@ForAll("values") CborValue value) throws CborException {
    // decoding keeps the order on the wire, so the decoded tree shows the order the encoder chose
    assertKeysSorted(READER.decode(CborWriter.deterministic().encode(value)));
  }

  @Property(tries = 300)
  void theStrictReaderRefusesAnyMapWhoseKeysAreOutOfOrder(@ForAll("maps") CborMap map) {
    List<CborMap.Entry> reversed = new java.util.ArrayList<>(map.entries());
    java.util.Collections.reverse(reversed);
    byte[] plain = CborWriter.plain().encode(new CborMap(reversed));
    byte[] canonical = CborWriter.deterministic().encode(map);
    if (Arrays.equals(plain, canonical)) {
      return; // zero or one entry: nothing out of order
    }
    try {
      STRICT.decode(plain);
      throw new AssertionError("the strict reader accepted unsorted keys");
    } catch (CborException e) {
      assertThat(e.getMessage()).startsWith("input is not in deterministic form");
    }
  }

  @Property(tries = 1000)
  void integersUseTheShortestHead(@ForAll long n) {
    byte[] enc = CborWriter.deterministic().encode(new CborInt(n));
    long magnitude = n >= 0 ? n : -1 - n; // the argument of major type 1 is -1-n
    int expected = Long.compareUnsigned(magnitude, 24) < 0 ? 1
        : Long.compareUnsigned(magnitude, 0x100) < 0 ? 2
        : Long.compareUnsigned(magnitude, 0x10000) < 0 ? 3
        : Long.compareUnsigned(magnitude, 0x100000000L) < 0 ? 5 : 9;
    assertThat(enc).hasSize(expected);
    assertThat((enc[0] & 0xff) >>> 5).isEqualTo(n >= 0 ? 0 : 1);
  }

  @Property(tries = 1000)
  void floatsUseTheShortestFormThatKeepsTheValue(@ForAll double d) throws CborException {
    byte[] enc = CborWriter.deterministic().encode(new CborFloat(d));
    CborFloat back = (CborFloat) READER.decode(enc);
    assertThat(Double.doubleToLongBits(back.value())).isEqualTo(Double.doubleToLongBits(d));
    int expected = Double.isNaN(d) ? 3
        : (double) (float) d != d ? 9
        : fitsHalf((float) d) ? 3 : 5;
    assertThat(enc).as("%s", d).hasSize(expected);
  }

  /** True when a float survives a round trip through IEEE half precision. */
  private static boolean fitsHalf(float f) {
    if (Float.isInfinite(f) || f == 0) {
      return true;
    }
    int bits = Float.floatToIntBits(f);
    int exp = ((bits >>> 23) & 0xff) - 127;
    int mantissa = bits & 0x7fffff;
    if (exp >= -14 && exp <= 15) {
      return (mantissa & 0x1fff) == 0; // 10 mantissa bits kept
    }
    if (exp >= -24 && exp < -14) {
      // subnormal half: the implicit 1 joins the mantissa, shifted by the missing exponent
      int shift = 13 + (-14 - exp);
      return ((mantissa | 0x800000) & ((1 << shift) - 1)) == 0;
    }
    return false;
  }

  // ---- checks

  private static void assertKeysSorted(CborValue v) {
    if (v instanceof CborMap m) {
      byte[] previous = null;
      for (CborMap.Entry e : m.entries()) {
        byte[] key = CborWriter.deterministic().encode(e.key());
        if (previous != null) {
          assertThat(Arrays.compareUnsigned(previous, key)).as("keys %s then %s", HexOf.hex(previous), HexOf.hex(key))
              .isNegative();
        }
        previous = key;
        assertKeysSorted(e.value());
      }
    } else if (v instanceof CborArray a) {
      a.items().forEach(CborRoundTripPropertiesTest::assertKeysSorted);
    } else if (v instanceof CborTag t) {
      assertKeysSorted(t.content());
    }
  }

  /** The tree with every map's entries in the order of their encoded keys: equal trees then compare equal. */
  private static CborValue sortedMaps(CborValue v) {
    if (v instanceof CborMap m) {
      return new CborMap(m.entries().stream()
          .map(e -> new CborMap.Entry(e.key(), sortedMaps(e.value())))
          .sorted((a, b) -> Arrays.compareUnsigned(CborWriter.deterministic().encode(a.key()),
              CborWriter.deterministic().encode(b.key())))
          .toList());
    }
    if (v instanceof CborArray a) {
      return new CborArray(a.items().stream().map(CborRoundTripPropertiesTest::sortedMaps).toList());
    }
    if (v instanceof CborTag t) {
      return new CborTag(t.tag(), sortedMaps(t.content()));
    }
    return v;
  }

  /** Hex for assertion messages. */
  private static final class HexOf {
    static String hex(byte[] b) {
      return java.util.HexFormat.of().formatHex(b);
    }
  }

  // ---- generators

  @Provide
  Arbitrary<CborValue> values() {
    return CborArbitraries.value(3);
  }

  @Provide
  Arbitrary<CborMap> maps() {
    return CborArbitraries.map(CborArbitraries.leaf(), 12);
  }

  /** Generators of CBOR trees, shared with the COSE properties. */
  static final class CborArbitraries {
    private CborArbitraries() {}

    /** Text that is valid Unicode (no lone surrogates), so it has exactly one UTF-8 form. */
    static Arbitrary<String> text() {
      return Arbitraries.strings().all().ofMaxLength(40)
          .filter(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s));
    }

    static Arbitrary<CborValue> leaf() {
      BigInteger two64 = BigInteger.ONE.shiftLeft(64);
      return Arbitraries.oneOf(
          Arbitraries.longs().map(CborInt::new),
          Arbitraries.of(0L, 23L, 24L, 255L, 256L, 65535L, 65536L, 4294967295L, 4294967296L, -24L, -25L, -256L, -257L,
              Long.MAX_VALUE, Long.MIN_VALUE).map(CborInt::new),
          // beyond a long: native 64-bit arguments and bignums
          Arbitraries.bigIntegers().between(two64.multiply(two64).negate(), two64.multiply(two64))
              .filter(b -> b.bitLength() >= 64).map(CborBigInt::new),
          Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(CborBytes::new),
          text().map(CborText::new),
          Arbitraries.doubles().map(CborFloat::new),
          Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 65504.0,
              5.960464477539063E-8, 1.0E300, (double) Float.MIN_VALUE).map(CborFloat::new),
          Arbitraries.of(CborSimple.TRUE, CborSimple.FALSE, CborSimple.NULL, CborSimple.UNDEFINED),
          Arbitraries.integers().between(0, 255).filter(i -> i < 20 || i >= 32).map(CborSimple::new));
    }

    static Arbitrary<CborValue> value(int depth) {
      if (depth == 0) {
        return leaf();
      }
      Arbitrary<CborValue> inner = Arbitraries.lazy(() -> value(depth - 1));
      return Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(5, leaf()),
          net.jqwik.api.Tuple.of(2, inner.list().ofMaxSize(6).map(CborArray::new)),
          net.jqwik.api.Tuple.of(2, map(inner, 6).map(m -> (CborValue) m)),
          // tags 2 and 3 are bignums, which decode to integers: any other tag number
          net.jqwik.api.Tuple.of(1, Combinators.combine(
              Arbitraries.oneOf(Arbitraries.longs().between(0, 0xffff_ffffL), Arbitraries.of(0L, 1L, 23L, 24L, 255L, 256L,
                  65535L, 65536L, 0xffff_ffffL)).filter(t -> t != 2 && t != 3), inner).as(CborTag::new)));
    }

    static Arbitrary<CborMap> map(Arbitrary<CborValue> values, int maxSize) {
      Arbitrary<CborValue> keys = Arbitraries.oneOf(
          Arbitraries.longs().map(CborInt::new),
          Arbitraries.integers().between(-30, 30).map(i -> (CborValue) new CborInt(i)),
          text().map(CborText::new));
      return Combinators.combine(keys, values).as(CborMap.Entry::new).list().ofMaxSize(maxSize)
          .uniqueElements(CborMap.Entry::key)
          .map(CborMap::new);
    }
  }
}
