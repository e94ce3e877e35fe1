package dev.sluice.display;

/**
 * Packs quantized lines (palette indices, or RGB565 values) into a panel's native bytes, as {@link
 * PanelFormat} describes. Stateless and thread-safe.
 */
public final class Packer {

  private final PanelFormat format;
  private final int width;
  private final boolean msbFirst;

  public Packer(Panel panel) {
    this(panel.format(), panel.width(), panel.msbFirst());
  }

  public Packer(PanelFormat format, int width, boolean msbFirst) {
    this.format = format;
    this.width = width;
    this.msbFirst = msbFirst;
  }

  /** Bytes one plane of {@code lines} lines takes. */
  public int planeBytes(int lines) {
    return format.planeBytes(width, lines);
  }

  /**
   * Packs {@code lines} lines of {@code px} (row-major, {@code width} per line) into one band:
   * every plane's bytes for these lines, plane 0 first.
   */
  public byte[] pack(int[] px, int lines) {
    int pb = planeBytes(lines);
    byte[] out = new byte[pb * format.planes()];
    switch (format) {
      case RGB565 -> rgb565(px, lines, out);
      case MONO1 -> bits(px, lines, out, 0, v -> v & 1);
      case PAGES1 -> pages(px, lines, out);
      case BWR_PLANES -> {
        bits(px, lines, out, 0, v -> v == 0 ? 0 : 1);
        bits(px, lines, out, pb, v -> v == 2 ? 1 : 0);
      }
      case GREY4_PLANES -> {
        bits(px, lines, out, 0, v -> v >> 1 & 1);
        bits(px, lines, out, pb, v -> v & 1);
      }
      case NIBBLE4 -> nibbles(px, lines, out);
      case GREY8 -> {
        for (int i = 0; i < lines * width; i++) {
          out[i] = (byte) px[i];
        }
      }
      default -> throw new IllegalStateException(format.toString());
    }
    return out;
  }

  private void rgb565(int[] px, int lines, byte[] out) {
    int o = 0;
    for (int i = 0; i < lines * width; i++) {
      out[o++] = (byte) (px[i] >> 8);
      out[o++] = (byte) px[i];
    }
  }

  private interface Bit {
    int of(int index);
  }

  private void bits(int[] px, int lines, byte[] out, int base, Bit bit) {
    int stride = (width + 7) / 8;
    for (int y = 0; y < lines; y++) {
      int row = base + y * stride;
      int p = y * width;
      for (int x = 0; x < width; x++) {
        if (bit.of(px[p + x]) != 0) {
          int shift = msbFirst ? 7 - (x & 7) : x & 7;
          out[row + (x >> 3)] |= (byte) (1 << shift);
        }
      }
    }
  }

  private void pages(int[] px, int lines, byte[] out) {
    for (int y = 0; y < lines; y++) {
      int page = y >> 3;
      int shift = msbFirst ? 7 - (y & 7) : y & 7;
      for (int x = 0; x < width; x++) {
        if ((px[y * width + x] & 1) != 0) {
          out[page * width + x] |= (byte) (1 << shift);
        }
      }
    }
  }

  private void nibbles(int[] px, int lines, byte[] out) {
    int stride = (width + 1) / 2;
    for (int y = 0; y < lines; y++) {
      for (int x = 0; x < width; x++) {
        int v = px[y * width + x] & 0xf;
        boolean high = msbFirst == ((x & 1) == 0);
        out[y * stride + (x >> 1)] |= (byte) (high ? v << 4 : v);
      }
    }
  }
}
