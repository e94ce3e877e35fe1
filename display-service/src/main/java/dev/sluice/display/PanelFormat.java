package dev.sluice.display;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a panel wants its pixels, byte for byte. Each constant's Javadoc is the packing contract; the
 * README's panel table says the same. Bit and nibble order come from {@link Panel#msbFirst()}.
 */
public enum PanelFormat {
  /** 16 bits per pixel, R5 G6 B5, big-endian (high byte first), rows left to right, top to bottom. */
  RGB565("rgb565", 1),
  /**
   * 1 bit per pixel, each row padded to a whole byte (pad bits 0); the bit is the palette index
   * (0 black, 1 white). MSB-first puts the leftmost pixel in bit 7.
   */
  MONO1("mono1", 1),
  /**
   * SSD1306 page layout: pages of 8 rows, top page first; one byte per column, left to right; in
   * LSB-first order bit 0 is the page's top row. The bit is the palette index (1 lights the pixel).
   * Bands are whole pages.
   */
  PAGES1("pages1", 1),
  /**
   * Two 1 bpp planes laid out as {@link #MONO1}: plane 0 is black/white (1 white, red pixels are 1),
   * plane 1 is red (1 red). The whole buffer is plane 0 then plane 1; a band is plane 0's rows of the
   * band then plane 1's.
   */
  BWR_PLANES("bwr-planes", 2),
  /**
   * 4 greys (palette index 0 black .. 3 white) in two 1 bpp planes laid out as {@link #MONO1}: plane
   * 0 holds the index's high bit, plane 1 its low bit. Whole buffer and bands as {@link #BWR_PLANES}.
   */
  GREY4_PLANES("grey4-planes", 2),
  /**
   * 4 bits per pixel, 2 pixels per byte, the nibble is the palette index (ACeP: 0 black, 1 white, 2
   * green, 3 blue, 4 red, 5 yellow, 6 orange). MSB-first puts the left pixel in the high nibble; an
   * odd width pads the last nibble with 0.
   */
  NIBBLE4("4bpp", 1),
  /** 8 bits per pixel, the palette index (for the 256-grey palette: the grey level). */
  GREY8("grey8", 1);

  private final String confName;
  private final int planes;

  PanelFormat(String confName, int planes) {
    this.confName = confName;
    this.planes = planes;
  }

  /** The name used in panels.json. */
  public String confName() {
    return confName;
  }

  /** Planes in the packed buffer. */
  public int planes() {
    return planes;
  }

  /** Lines per row group: 8 for {@link #PAGES1} (a band holds whole pages), else 1. */
  public int lineGroup() {
    return this == PAGES1 ? 8 : 1;
  }

  /** Bytes of one plane for {@code lines} lines of {@code width} pixels. */
  public int planeBytes(int width, int lines) {
    return switch (this) {
      case RGB565 -> width * 2 * lines;
      case MONO1, BWR_PLANES, GREY4_PLANES -> (width + 7) / 8 * lines;
      case PAGES1 -> width * ((lines + 7) / 8);
      case NIBBLE4 -> (width + 1) / 2 * lines;
      case GREY8 -> width * lines;
    };
  }

  public static Optional<PanelFormat> byConfName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.confName.equals(n)).findFirst();
  }

  public static String validNames() {
    return Arrays.stream(values()).map(PanelFormat::confName).collect(Collectors.joining(", "));
  }
}
