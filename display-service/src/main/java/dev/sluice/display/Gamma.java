package dev.sluice.display;

/**
 * A 256-entry gamma table applied to each channel before quantizing. For 2.2 it is lws's table
 * exactly: {@code (int)(pow(i / 255.0, 2.2) * 255)}.
 */
public final class Gamma {

  public static final Gamma LWS = new Gamma(2.2);
  public static final Gamma NONE = new Gamma(1.0);

  private final double exponent;
  private final int[] table = new int[256];

  public Gamma(double exponent) {
    if (!(exponent > 0.1 && exponent < 10)) {
      throw new IllegalArgumentException("gamma must be between 0.1 and 10, got " + exponent);
    }
    this.exponent = exponent;
    for (int i = 0; i < 256; i++) {
      table[i] = (int) (Math.pow(i / 255.0, exponent) * 255);
    }
  }

  public int apply(int v) {
    return table[v];
  }

  /** The table itself, for the quantizer's inner loops; never modified. */
  int[] table() {
    return table;
  }

  public double exponent() {
    return exponent;
  }
}
