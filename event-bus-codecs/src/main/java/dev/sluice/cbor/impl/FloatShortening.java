package dev.sluice.cbor.impl;

/** Finds whether a double is exactly representable as an IEEE 754 half-precision float. */
final class FloatShortening {
  private FloatShortening() {}

  /** The 16 bits of the half float equal to {@code d}, or -1 when none is exactly equal. */
  static int toHalf(double d) {
    if (Double.isNaN(d)) {
      return 0x7e00; // the canonical quiet NaN
    }
    long bits = Double.doubleToRawLongBits(d);
    int sign = (int) (bits >>> 63) << 15;
    if (Double.isInfinite(d)) {
      return sign | 0x7c00;
    }
    if (d == 0) {
      return sign;
    }
    int exp = (int) ((bits >>> 52) & 0x7ff) - 1023;
    long mantissa = bits & 0xf_ffff_ffff_ffffL;
    if (exp >= -14 && exp <= 15) {
      // normal half: 10 mantissa bits, so the low 42 bits must be zero
      if ((mantissa & ((1L << 42) - 1)) != 0) {
        return -1;
      }
      return sign | ((exp + 15) << 10) | (int) (mantissa >>> 42);
    }
    if (exp >= -24 && exp < -14) {
      // subnormal half: value = m * 2^-24 with m < 1024
      long full = mantissa | (1L << 52);
      int shift = 52 - (exp + 24);
      if ((full & ((1L << shift) - 1)) != 0) {
        return -1;
      }
      return sign | (int) (full >>> shift);
    }
    return -1;
  }
}
