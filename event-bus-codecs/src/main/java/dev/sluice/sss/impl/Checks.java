package dev.sluice.sss.impl;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssFrameType;

/** Guards shared by the frame constructors, so every message has the same form. */
public final class Checks {

  /** The largest unsigned 32-bit value. */
  public static final long U32_MAX = 0xffffffffL;
  /** Payload frames carry 16 bytes of flags and timings before any rideshare name. */
  public static final int PAYLOAD_HEADER = 16;
  /** lws keeps names in 32-byte buffers with a NUL: streamtype and rideshare names up to 31. */
  public static final int MAX_NAME = 31;
  /** lws refuses a metadata name length of 31 or more. */
  public static final int MAX_METADATA_NAME = 30;

  private Checks() {}

  /** Refuses a value outside 0 to 2^32-1. */
  public static long u32(SssFrameType type, String field, long value) {
    if (value < 0 || value > U32_MAX) {
      throw new IllegalArgumentException(
          type.wireName() + " " + field + " " + value + " is not an unsigned 32-bit value");
    }
    return value;
  }

  /** Refuses a value outside 0 to 255. */
  public static int u8(SssFrameType type, String field, int value) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException(
          type.wireName() + " " + field + " " + value + " is not an unsigned 8-bit value");
    }
    return value;
  }

  /** Refuses a null, empty, too long or non-Latin-1 name. */
  public static String name(SssFrameType type, String field, String name, int max) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(type.wireName() + " " + field + " must not be empty");
    }
    if (name.length() > max) {
      throw new IllegalArgumentException(type.wireName() + " " + field + " \"" + name
          + "\" has " + name.length() + " chars, more than " + max);
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) > 0xff) {
        throw new IllegalArgumentException(type.wireName() + " " + field + " \"" + name
            + "\" has a char outside Latin-1 at index " + i);
      }
    }
    return name;
  }

  /** Refuses a body longer than a 16-bit length can describe. */
  public static void body(SssFrameType type, long bodyLength) {
    if (bodyLength > SssFrameType.MAX_BODY) {
      throw new IllegalArgumentException(type.wireName() + " body of " + bodyLength
          + " bytes exceeds the 16-bit frame limit " + SssFrameType.MAX_BODY);
    }
  }

  /**
   * Checks a TX_PAYLOAD or RX_PAYLOAD: the rideshare name is present exactly when the RIDESHARE
   * flag is set, and the whole body fits the frame.
   */
  public static void payload(SssFrameType type, int flags, long usDelay, String rideshare,
      Bytes payload) {
    u32(type, "delay", usDelay);
    if (payload == null) {
      throw new IllegalArgumentException(type.wireName() + " payload must not be null");
    }
    boolean flagged = SssFlags.has(flags, SssFlags.RIDESHARE);
    if (flagged != (rideshare != null)) {
      throw new IllegalArgumentException(type.wireName()
          + (flagged ? " has the RIDESHARE flag but no rideshare name"
                     : " has a rideshare name but not the RIDESHARE flag"));
    }
    int nameBytes = rideshare == null ? 0 : 1 + name(type, "rideshare", rideshare, MAX_NAME)
        .length();
    body(type, (long) PAYLOAD_HEADER + nameBytes + payload.length());
  }

  /** Checks a METADATA frame: a 1 to 30 char name and a value of at least one byte. */
  public static void metadata(SssFrameType type, String name, Bytes value) {
    name(type, "name", name, MAX_METADATA_NAME);
    if (value == null || value.isEmpty()) {
      // lws reads the name, finds nothing left and hangs up
      throw new IllegalArgumentException(
          type.wireName() + " \"" + name + "\" needs a value of at least one byte");
    }
    body(type, 1L + name.length() + value.length());
  }
}
