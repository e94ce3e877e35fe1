package dev.sluice.cbor;

import java.util.Arrays;
import java.util.HexFormat;

/** A byte string (major type 2). The array is copied in and out. */
public final class CborBytes implements CborValue {
  /** Never exposed: callers get copies. */
  private final byte[] bytes;

  public CborBytes(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /** Wraps without copying: the caller hands the array over and must not change it afterwards. */
  public static CborBytes wrap(byte[] bytes) {
    return new CborBytes(bytes, true);
  }

  private CborBytes(byte[] bytes, boolean owned) {
    this.bytes = bytes;
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** Reads without copying, for encoders in this package. */
  byte[] unsafeBytes() {
    return bytes;
  }

  @Override
  public String kind() {
    return "byte string";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CborBytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "h'" + HexFormat.of().formatHex(bytes) + "'";
  }
}
