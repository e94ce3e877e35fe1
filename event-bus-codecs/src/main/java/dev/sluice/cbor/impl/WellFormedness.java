package dev.sluice.cbor.impl;

import dev.sluice.cbor.CborException;
import dev.sluice.cbor.CborOptions;

/**
 * Walks the raw bytes to explain why Jackson refused an input: the first structural fault
 * (truncation, a missing break, a bad head, invalid UTF-8, a length over a limit) with its offset.
 * Runs only after a failure, so the common path pays nothing for it.
 */
final class WellFormedness {
  /** Largest tag number Jackson's parser reads (it holds tags in an int). */
  static final long MAX_TAG = 0xffff_ffffL;

  /** The input. */
  private final byte[] in;
  /** The limits, for the same messages as the reader's. */
  private final CborOptions options;

  private WellFormedness(byte[] in, CborOptions options) {
    this.in = in;
    this.options = options;
  }

  /** The first fault found, or null when the walk finds none. */
  static CborException diagnose(byte[] in, CborOptions options) {
    try {
      new WellFormedness(in, options).item(0, 1);
      return null;
    } catch (CborException e) {
      return e;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Checks the item at {@code pos}; returns the offset after it. */
  private int item(int pos, int depth) throws CborException {
    if (depth > options.getMaxDepth()) {
      throw new CborException("nesting depth " + depth + " exceeds limit " + options.getMaxDepth(), pos);
    }
    CborHead h = CborHead.read(in, pos, in.length, depth, options.getMaxDepth());
    if (h.tags().length > 0 && depth + h.tags().length > options.getMaxDepth()) {
      throw new CborException("nesting depth " + (depth + h.tags().length) + " exceeds limit "
          + options.getMaxDepth(), pos);
    }
    for (long tag : h.tags()) {
      if (Long.compareUnsigned(tag, MAX_TAG) > 0) {
        throw new CborException("tag number " + Long.toUnsignedString(tag) + " is above " + MAX_TAG
            + ", the largest this decoder reads", pos);
      }
    }
    int at = h.contentStart();
    switch (h.major()) {
      case 2, 3 -> {
        return h.indefinite() ? chunks(h, pos) : string(h, pos, at);
      }
      case 4, 5 -> {
        return container(h, pos, depth + h.tags().length);
      }
      case 7 -> {
        if (h.info() == 31) {
          throw new CborException("break (0xff) outside an indefinite-length item", pos);
        }
        if (h.info() == 24 && h.argument() < 32) {
          throw new CborException("simple value " + h.argument() + " must use the one-byte form", pos);
        }
        return at;
      }
      default -> {
        return at;
      }
    }
  }

  private int string(CborHead h, int pos, int at) throws CborException {
    String what = h.major() == 2 ? "byte string" : "text string";
    int limit = h.major() == 2 ? options.getMaxByteStringLength() : options.getMaxTextLength();
    long len = h.argument();
    if (len < 0 || len > limit) {
      throw new CborException(what + " of " + Long.toUnsignedString(len) + " bytes exceeds limit " + limit, pos);
    }
    if (len > in.length - at) {
      throw new CborException("truncated input: " + what + " of " + len + " bytes but only " + (in.length - at)
          + " bytes left", pos);
    }
    if (h.major() == 3) {
      Utf8.checkRange(in, at, (int) len, pos);
    }
    return at + (int) len;
  }

  private int chunks(CborHead h, int pos) throws CborException {
    int at = h.contentStart();
    while (true) {
      if (at >= in.length) {
        throw new CborException("truncated input: indefinite-length " + (h.major() == 2 ? "byte" : "text")
            + " string never ends", pos);
      }
      if ((in[at] & 0xff) == 0xff) {
        return at + 1;
      }
      CborHead chunk = CborHead.read(in, at, in.length);
      if (chunk.major() != h.major() || chunk.indefinite() || chunk.tags().length > 0) {
        throw new CborException("a chunk of an indefinite-length string must be a definite string of the same type", at);
      }
      at = string(chunk, at, chunk.contentStart());
    }
  }

  private int container(CborHead h, int pos, int depth) throws CborException {
    String what = h.major() == 4 ? "array" : "map";
    int per = h.major() == 4 ? 1 : 2;
    int at = h.contentStart();
    if (h.indefinite()) {
      while (true) {
        if (at >= in.length) {
          throw new CborException("truncated input: " + what + " never ends", pos);
        }
        if ((in[at] & 0xff) == 0xff) {
          return at + 1;
        }
        for (int i = 0; i < per; i++) {
          at = item(at, depth + 1);
        }
      }
    }
    long n = h.argument();
    if (n < 0 || n > options.getMaxItems()) {
      throw new CborException(what + " of " + Long.toUnsignedString(n) + " elements exceeds limit "
          + options.getMaxItems(), pos);
    }
    if (n * per > in.length - at) {
      throw new CborException("truncated input: " + what + " of " + n + " elements but only " + (in.length - at)
          + " bytes left", pos);
    }
    for (long i = 0; i < n * per; i++) {
      if (at >= in.length) {
        throw new CborException("truncated input: " + what + " ends early", pos);
      }
      at = item(at, depth + 1);
    }
    return at;
  }
}
