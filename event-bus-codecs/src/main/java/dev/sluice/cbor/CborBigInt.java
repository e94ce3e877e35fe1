package dev.sluice.cbor;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An integer outside the {@code long} range: a 64-bit major type 0/1 argument above 2^63-1, or a
 * bignum (tags 2 and 3). Values that fit in a {@code long} are always {@link CborInt}.
 */
public record CborBigInt(BigInteger value) implements CborValue {

  /** Smallest and largest values CBOR can carry without a bignum tag. */
  static final BigInteger MIN_NATIVE = BigInteger.ONE.shiftLeft(64).negate();
  static final BigInteger MAX_NATIVE = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  public CborBigInt {
    Objects.requireNonNull(value, "value");
    if (value.bitLength() < 64) {
      throw new IllegalArgumentException("value " + value + " fits in a long: use CborInt");
    }
  }

  /** The item for {@code value}: a {@link CborInt} when it fits in a long. */
  public static CborValue of(BigInteger value) {
    return value.bitLength() < 64 ? new CborInt(value.longValueExact()) : new CborBigInt(value);
  }

  @Override
  public String kind() {
    return "integer";
  }
}
