package dev.sluice.display.impl;

/**
 * Reads lines of the native raster out of a page raster turned clockwise by 0, 90, 180 or 270
 * degrees, without building the turned copy.
 */
public final class Rotation {
  private Rotation() {}

  /**
   * Fills {@code out} with native line {@code y}.
   *
   * @param page the page, row-major 0xRRGGBB, {@code pw} × {@code ph}
   * @param degrees clockwise turn; the native raster is {@code ph} wide at 90 and 270
   */
  public static void line(int[] page, int pw, int ph, int degrees, int y, int[] out) {
    switch (degrees) {
      case 0 -> System.arraycopy(page, y * pw, out, 0, pw);
      case 90 -> {
        // native (x, y) = page (y, ph - 1 - x): the page's bottom-left lands top-left
        for (int x = 0; x < ph; x++) {
          out[x] = page[(ph - 1 - x) * pw + y];
        }
      }
      case 180 -> {
        int row = (ph - 1 - y) * pw;
        for (int x = 0; x < pw; x++) {
          out[x] = page[row + pw - 1 - x];
        }
      }
      case 270 -> {
        // native (x, y) = page (pw - 1 - y, x): the page's top-right lands top-left
        for (int x = 0; x < ph; x++) {
          out[x] = page[x * pw + pw - 1 - y];
        }
      }
      default -> throw new IllegalArgumentException("rotation " + degrees);
    }
  }
}
