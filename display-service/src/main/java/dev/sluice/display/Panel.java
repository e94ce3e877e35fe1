package dev.sluice.display;

import java.util.Objects;

/**
 * A panel profile (one entry of {@code conf/panels.json}).
 *
 * @param name the profile's name, e.g. "epd-7in5"
 * @param width native raster width in pixels (the packed buffer's geometry)
 * @param height native raster height in pixels
 * @param rotation 0, 90, 180 or 270: how far the page is turned clockwise onto the native raster;
 *     at 90 and 270 the page is laid out {@code height} wide and {@code width} tall
 * @param format the packing
 * @param palette the colours, or null for {@link PanelFormat#RGB565}
 * @param msbFirst bit order of 1 bpp formats (leftmost, or for pages topmost, pixel in the most
 *     significant bit) and nibble order of 4 bpp (left pixel in the high nibble)
 */
public record Panel(String name, int width, int height, int rotation, PanelFormat format, Palette palette,
    boolean msbFirst) {

  public Panel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    if (rotation % 90 != 0 || rotation < 0 || rotation > 270) {
      throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270, got " + rotation);
    }
  }

  /** The width the page is laid out at. */
  public int pageWidth() {
    return rotation % 180 == 0 ? width : height;
  }

  /** The height the page is laid out at. */
  public int pageHeight() {
    return rotation % 180 == 0 ? height : width;
  }

  /** The same panel with another rotation (a request may override the profile's). */
  public Panel withRotation(int degrees) {
    return new Panel(name, width, height, degrees, format, palette, msbFirst);
  }

  /** Bytes of the whole packed buffer (every plane). */
  public int bufferBytes() {
    return format.planeBytes(width, height) * format.planes();
  }
}
