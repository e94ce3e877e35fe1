package dev.sluice.sss;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable run of bytes: payloads and metadata values inside frames. It never hands out its
 * array, so a frame that holds one cannot change after it is built. Slices share the array
 * without copying, which is how the reader gives a frame its payload without a second copy.
 */
public final class Bytes {

  /** No bytes. */
  public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] array;
  private final int offset;
  private final int length;

  private Bytes(byte[] array, int offset, int length) {
    this.array = array;
    this.offset = offset;
    this.length = length;
  }

  /** A copy of {@code data}: later changes to the array do not show through. */
  public static Bytes copyOf(byte[] data) {
    return copyOf(data, 0, data.length);
  }

  /** A copy of {@code length} bytes of {@code data} from {@code offset}. */
  public static Bytes copyOf(byte[] data, int offset, int length) {
    checkRange(data.length, offset, length);
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length), 0,
        length);
  }

  /** A copy of a Vert.x buffer's bytes. */
  public static Bytes copyOf(Buffer buffer) {
    return buffer.length() == 0 ? EMPTY : new Bytes(buffer.getBytes(), 0, buffer.length());
  }

  /** The bytes of {@code text} in ISO-8859-1, one byte per char as the wire carries names. */
  public static Bytes latin1(String text) {
    return copyOf(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The bytes of {@code text} in UTF-8. */
  public static Bytes utf8(String text) {
    return copyOf(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses hex digits, ignoring spaces and '|' so that traces can be pasted as printed. */
  public static Bytes fromHex(String hex) {
    return copyOf(HEX.parseHex(hex.replaceAll("[\\s|]", "")));
  }

  /**
   * Wraps {@code array} without copying. Only for an array that nobody writes again (a decoder's
   * freshly filled body buffer): a later write would show through every frame that holds it.
   */
  public static Bytes unsafeWrap(byte[] array, int offset, int length) {
    checkRange(array.length, offset, length);
    return length == 0 ? EMPTY : new Bytes(array, offset, length);
  }

  private static void checkRange(int arrayLength, int offset, int length) {
    if (offset < 0 || length < 0 || offset > arrayLength - length) {
      throw new IndexOutOfBoundsException(
          "range " + offset + "+" + length + " outside " + arrayLength + " bytes");
    }
  }

  /** The shared array, for this package's readers only: never written through. */
  byte[] array() {
    return array;
  }

  /** Where these bytes start in {@link #array()}. */
  int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  public boolean isEmpty() {
    return length == 0;
  }

  /** The byte at {@code index}, 0 to 255. */
  public int getUnsignedByte(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException("index " + index + " outside " + length + " bytes");
    }
    return array[offset + index] & 0xff;
  }

  /** The bytes from {@code from} (inclusive) to {@code to} (exclusive), sharing storage. */
  public Bytes slice(int from, int to) {
    checkRange(length, from, to - from);
    return to == from ? EMPTY : new Bytes(array, offset + from, to - from);
  }

  /** Copies every byte into {@code dest} at {@code destOffset}. */
  public void copyTo(byte[] dest, int destOffset) {
    System.arraycopy(array, offset, dest, destOffset, length);
  }

  /** Appends every byte to a Vert.x buffer. */
  public void appendTo(Buffer buffer) {
    buffer.appendBytes(array, offset, length);
  }

  /** A fresh array holding these bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(array, offset, offset + length);
  }

  /** A fresh Vert.x buffer holding these bytes. */
  public Buffer toBuffer() {
    return Buffer.buffer(length).appendBytes(array, offset, length);
  }

  /** The bytes as ISO-8859-1 text: one char per byte, so no byte is lost. */
  public String latin1() {
    return new String(array, offset, length, StandardCharsets.ISO_8859_1);
  }

  /** The bytes as UTF-8 text (malformed input becomes U+FFFD). */
  public String utf8() {
    return new String(array, offset, length, StandardCharsets.UTF_8);
  }

  /** Lower-case hex, two digits per byte, no separators. */
  public String hex() {
    return HEX.formatHex(array, offset, offset + length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes
        && Arrays.equals(array, offset, offset + length, ((Bytes) other).array,
            ((Bytes) other).offset, ((Bytes) other).offset + ((Bytes) other).length);
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + array[i];
    }
    return hash;
  }

  /** Short form for logs and test messages: the length and at most 32 bytes of hex. */
  @Override
  public String toString() {
    return length <= 32
        ? length + " bytes " + hex()
        : length + " bytes " + HEX.formatHex(array, offset, offset + 32) + "...";
  }
}
