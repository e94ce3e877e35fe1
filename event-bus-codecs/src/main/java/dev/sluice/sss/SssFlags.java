package dev.sluice.sss;

import java.util.StringJoiner;

/** Payload flag bits carried in TX_PAYLOAD and RX_PAYLOAD (lws {@code LWSSS_FLAG_*}). */
public final class SssFlags {

  /** Start of message. */
  public static final int SOM = 1;
  /** End of message. */
  public static final int EOM = 2;
  /** The stream is being polled. */
  public static final int POLL = 4;
  /** First of a group of related messages. */
  public static final int RELATED_START = 8;
  /** Last of a group of related messages. */
  public static final int RELATED_END = 16;
  /** The payload belongs to a rideshare streamtype whose name precedes it. */
  public static final int RIDESHARE = 32;
  /** The payload is performance JSON. */
  public static final int PERF_JSON = 64;

  private static final String[] NAMES = {
    "SOM", "EOM", "POLL", "RELATED_START", "RELATED_END", "RIDESHARE", "PERF_JSON"
  };

  private SssFlags() {}

  /** Whether every bit of {@code flag} is set in {@code flags}. */
  public static boolean has(int flags, int flag) {
    return (flags & flag) == flag;
  }

  /** Names the set bits, e.g. {@code SOM|EOM}; unknown bits print as hex. */
  public static String describe(int flags) {
    StringJoiner names = new StringJoiner("|");
    for (int bit = 0; bit < NAMES.length; bit++) {
      if ((flags & (1 << bit)) != 0) {
        names.add(NAMES[bit]);
      }
    }
    int unknown = flags & ~((1 << NAMES.length) - 1);
    if (unknown != 0) {
      names.add(String.format("0x%x", unknown));
    }
    return names.length() == 0 ? "0" : names.toString();
  }
}
