package dev.sluice.cbor.impl;

import dev.sluice.cbor.CborException;

/**
 * The head of one CBOR data item as it sits in the input: the tags before it, its major type,
 * additional information and argument. Read from the raw bytes at the offset Jackson reports for
 * a token, so limits can be checked before Jackson decodes the content, and so the facts Jackson's
 * token model hides (key types, undefined, simple values, indefinite lengths) are known.
 *
 * @param tags tag numbers before the item, outermost first (unsigned)
 * @param major major type 0..7 of the item itself
 * @param info additional information 0..31
 * @param argument the argument (unsigned; a length, a value, a simple value), 0 when indefinite
 * @param contentStart offset of the first byte after the item's head
 */
public record CborHead(long[] tags, int major, int info, long argument, int contentStart) {

  /** True for indefinite-length strings, arrays and maps. */
  public boolean indefinite() {
    return info == 31 && major >= 2 && major <= 5;
  }

  /** Reads the head at {@code offset}; {@code end} is the end of the input. */
  public static CborHead read(byte[] in, int offset, int end) throws CborException {
    return read(in, offset, end, 1, Integer.MAX_VALUE);
  }

  /**
   * Reads the head of an item at nesting {@code depth}, refusing it as soon as its tags take the
   * nesting past {@code maxDepth}: a long run of tags is refused after {@code maxDepth} of them
   * rather than collected (which would cost time and memory in the length of the run).
   */
  public static CborHead read(byte[] in, int offset, int end, int depth, int maxDepth) throws CborException {
    long[] tags = new long[0];
    int pos = offset;
    while (true) {
      if (pos >= end) {
        throw new CborException("truncated input: a data item head is missing", pos);
      }
      int initial = in[pos] & 0xff;
      int major = initial >>> 5;
      int info = initial & 0x1f;
      int argLen = argumentLength(info, major, pos);
      if (pos + 1 + argLen > end) {
        throw new CborException("truncated input: the head needs " + (1 + argLen) + " bytes, "
            + (end - pos) + " left", pos);
      }
      long arg = info < 24 ? info : readArgument(in, pos + 1, argLen);
      pos += 1 + argLen;
      if (major != 6) {
        return new CborHead(tags, major, info, arg, pos);
      }
      if ((long) depth + tags.length + 1 > maxDepth) {
        throw new CborException("nesting depth " + (depth + tags.length + 1) + " exceeds limit " + maxDepth, offset);
      }
      long[] more = java.util.Arrays.copyOf(tags, tags.length + 1);
      more[tags.length] = arg;
      tags = more;
    }
  }

  private static int argumentLength(int info, int major, int pos) throws CborException {
    if (info < 24) {
      return 0;
    }
    switch (info) {
      case 24: return 1;
      case 25: return 2;
      case 26: return 4;
      case 27: return 8;
      case 31:
        if ((major >= 2 && major <= 5) || major == 7) {
          return 0;
        }
        throw new CborException("additional information 31 is not allowed for major type " + major, pos);
      default:
        throw new CborException("reserved additional information " + info, pos);
    }
  }

  private static long readArgument(byte[] in, int from, int len) {
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = (v << 8) | (in[from + i] & 0xff);
    }
    return v;
  }
}
