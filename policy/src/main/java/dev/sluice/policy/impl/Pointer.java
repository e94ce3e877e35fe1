package dev.sluice.policy.impl;

/** JSON Pointer (RFC 6901) building: "/s/2/mintest/retry". */
public final class Pointer {
  private Pointer() {}

  /** Appends one reference token, escaping '~' and '/' as RFC 6901 requires. */
  public static String child(String parent, String token) {
    return parent + "/" + token.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String parent, int index) {
    return parent + "/" + index;
  }
}
