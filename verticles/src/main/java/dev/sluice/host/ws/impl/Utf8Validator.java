package dev.sluice.host.ws.impl;

import io.vertx.core.buffer.Buffer;

/**
 * Checks UTF-8 incrementally, a piece at a time, so a text message split across frames (or a code
 * point split across frames) is judged as one sequence and the first bad byte is found as soon as
 * it arrives (RFC 6455 §8.1: fail fast). Rejects what RFC 3629 forbids: overlong forms, surrogates
 * (U+D800..U+DFFF), code points above U+10FFFF and stray continuation bytes. Not thread-safe: one
 * per direction of one connection.
 */
public final class Utf8Validator {

  /** Continuation bytes still expected for the current code point (0 at a boundary). */
  private int need;
  /** Bytes of the current, unfinished code point seen so far. */
  private int partial;
  /** Allowed range of the next continuation byte (narrowed after E0, ED, F0, F4). */
  private int lo = 0x80;
  private int hi = 0xBF;
  /** Bytes fed since the last reset. */
  private long fed;
  /** Offset of the first bad byte since the last reset, or -1. */
  private long errorAt = -1;

  /** Starts a new message. */
  public void reset() {
    need = 0;
    partial = 0;
    lo = 0x80;
    hi = 0xBF;
    fed = 0;
    errorAt = -1;
  }

  /** Feeds a whole buffer; false once the bytes seen since the reset cannot be UTF-8. */
  public boolean feed(Buffer b) {
    return feed(b, 0, b.length());
  }

  /** Feeds {@code b[from, to)}; false once the bytes seen since the reset cannot be UTF-8. */
  public boolean feed(Buffer b, int from, int to) {
    if (errorAt >= 0) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!step(b.getByte(i) & 0xFF)) {
        errorAt = fed + (i - from);
        return false;
      }
    }
    fed += to - from;
    return true;
  }

  private boolean step(int c) {
    if (need == 0) {
      return lead(c);
    }
    if (c < lo || c > hi) {
      return false;
    }
    lo = 0x80;
    hi = 0xBF;
    need--;
    partial = need == 0 ? 0 : partial + 1;
    return true;
  }

  private boolean lead(int c) {
    if (c < 0x80) {
      return true;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) {
        lo = 0xA0; // below is an overlong 2-byte form
      } else if (c == 0xED) {
        hi = 0x9F; // above are the UTF-16 surrogates
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) {
        lo = 0x90; // below is an overlong 3-byte form
      } else if (c == 0xF4) {
        hi = 0x8F; // above is past U+10FFFF
      }
    } else {
      return false; // continuation byte, C0/C1 (overlong) or F5..FF
    }
    partial = 1;
    return true;
  }

  /** True when everything fed is valid and no code point is left unfinished. */
  public boolean atBoundary() {
    return errorAt < 0 && need == 0;
  }

  /** Bytes at the end of what was fed that start a code point not finished yet (0 to 3). */
  public int pendingBytes() {
    return partial;
  }

  /** Offset of the first invalid byte since the reset, or -1. */
  public long errorOffset() {
    return errorAt;
  }

  /** Bytes fed since the reset. */
  public long fed() {
    return fed;
  }
}
