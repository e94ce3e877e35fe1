package dev.sluice.ss;

/**
 * Payload flags, with lws's values ({@code LWSSS_FLAG_*}), combined with '|'. Raw streams ignore
 * SOM and EOM; on ws they map to the first and final fragment of a message; over HTTP, EOM marks
 * the end of the body.
 */
public final class StreamFlags {
  private StreamFlags() {}

  /** Start of message: the first piece of a message. */
  public static final int SOM = 1;
  /** End of message: the last piece of a message (or of an HTTP body). */
  public static final int EOM = 2;
  public static final int POLL = 4;
  /** First part of a multipart body. */
  public static final int RELATED_START = 8;
  /** Last part of a multipart body. */
  public static final int RELATED_END = 16;
  public static final int RIDESHARE = 32;
  /** The payload is the connection-timing JSON of a {@code perf} streamtype, not data. */
  public static final int PERF_JSON = 64;

  /**
   * Sluice extension (not an lws flag), ws only. On rx: the piece belongs to a binary message. On
   * tx, with the first piece of a message: send it as a binary message whatever {@code ws_binary}
   * says.
   */
  public static final int BINARY = 1 << 16;
  /** Sluice extension, ws only: like {@link #BINARY}, for a text message. */
  public static final int TEXT = 1 << 17;

  public static boolean has(int flags, int flag) {
    return (flags & flag) != 0;
  }

  /** "SOM|EOM", for logs. */
  public static String describe(int flags) {
    StringBuilder sb = new StringBuilder();
    String[] names = {"SOM", "EOM", "POLL", "RELATED_START", "RELATED_END", "RIDESHARE", "PERF_JSON"};
    for (int i = 0; i < names.length; i++) {
      if ((flags & (1 << i)) != 0) {
        sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
      }
    }
    if (has(flags, BINARY)) {
      sb.append(sb.length() == 0 ? "" : "|").append("BINARY");
    }
    if (has(flags, TEXT)) {
      sb.append(sb.length() == 0 ? "" : "|").append("TEXT");
    }
    return sb.length() == 0 ? "0" : sb.toString();
  }
}
