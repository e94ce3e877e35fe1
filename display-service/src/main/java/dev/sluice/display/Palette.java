package dev.sluice.display;

import java.util.List;

/**
 * The colours a panel can show, in the panel's index order. A grey palette is chosen from by
 * intensity alone; a colour palette by lws's distance (see {@link Quantizer}).
 *
 * @param colours 0xRRGGBB per index
 * @param grey whether every entry is a grey (R = G = B) and pixels are matched by intensity
 */
public record Palette(List<Integer> colours, boolean grey) {

  public static final Palette BLACK_WHITE = new Palette(List.of(0x000000, 0xffffff), true);
  /** uc8176's 4 greys: 0, 85, 170, 255. */
  public static final Palette GREY4 = new Palette(List.of(0x000000, 0x555555, 0xaaaaaa, 0xffffff), true);
  /** spd1656 ACeP 7-colour, in lws's order: black, white, green, blue, red, yellow, orange. */
  public static final Palette ACEP7 = new Palette(
      List.of(0x000000, 0xffffff, 0x00ff00, 0x0000ff, 0xff0000, 0xffff00, 0xff7f00), false);
  /** Black, white, red (3-colour e-paper). */
  public static final Palette BWR = new Palette(List.of(0x000000, 0xffffff, 0xff0000), false);

  public Palette {
    colours = List.copyOf(colours);
    if (colours.isEmpty() || colours.size() > 256) {
      throw new IllegalArgumentException("a palette has 1 to 256 colours, not " + colours.size());
    }
  }

  /** 256 greys: no quantization beyond 8-bit intensity (Kindle-class panels). */
  public static Palette grey256() {
    Integer[] c = new Integer[256];
    for (int i = 0; i < 256; i++) {
      c[i] = i << 16 | i << 8 | i;
    }
    return new Palette(List.of(c), true);
  }

  public int size() {
    return colours.size();
  }

  public int rgb(int index) {
    return colours.get(index);
  }

  /** Luma as lws computes it: (299 R + 587 G + 114 B) / 1000. */
  public static int luma(int r, int g, int b) {
    return (299 * r + 587 * g + 114 * b) / 1000;
  }
}
