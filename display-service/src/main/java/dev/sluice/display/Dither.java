package dev.sluice.display;

import java.util.Locale;

/** How colours a palette lacks are approximated. */
public enum Dither {
  /** Floyd–Steinberg exactly as lws does it (7/3/5/1 sixteenths, integer division, left to right). */
  FLOYD_STEINBERG("fs"),
  /** Atkinson: 6 neighbours get 1/8 each; 1/4 of the error is dropped, for crisper e-paper text. */
  ATKINSON("atkinson"),
  /** Ordered dither with a 4×4 Bayer matrix. */
  BAYER4("bayer4"),
  /** Ordered dither with an 8×8 Bayer matrix. */
  BAYER8("bayer8"),
  /** Nearest palette colour, no dither. */
  NONE("none");

  private final String cliName;

  Dither(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static Dither of(String name) {
    for (Dither d : values()) {
      if (d.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown dither \"" + name + "\" (valid: fs, atkinson, bayer4, bayer8, none)");
  }
}
