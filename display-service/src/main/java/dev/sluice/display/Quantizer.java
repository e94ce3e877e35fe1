package dev.sluice.display;

/**
 * Turns RGB lines into a panel's colours one line at a time, as lws's display drivers do
 * ({@code lib/drivers/display/lws-display.c}): gamma on each channel, then the palette entry chosen
 * for the wanted colour plus the error carried from already-quantized neighbours.
 *
 * <ul>
 *   <li>Grey palettes match intensity (luma {@code (299R + 587G + 114B) / 1000}, then gamma).
 *   <li>Colour palettes minimise {@code |Y(want) - Y(pal)| + Σ|want - pal|} over the channels.
 *   <li>RGB565 keeps the top 5/6/5 bits of each channel; the error is the remainder.
 * </ul>
 *
 * With {@link Dither#FLOYD_STEINBERG} the result is lws's exactly: 7/16 to the right, 3/16 below
 * left, 5/16 below, 1/16 below right, each by integer division, left to right on every line. Not
 * thread-safe: one quantizer per raster.
 */
public final class Quantizer {

  private static final int[][] BAYER4 = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
  private static final int[][] BAYER8 = bayer8();

  private final int width;
  /** The palette, or null for RGB565. */
  private final Palette palette;
  private final Dither dither;
  private final Gamma gamma;
  private final int channels;
  /** Error carried to this line, the next and (Atkinson) the one after, per pixel and channel. */
  private int[] errThis;
  private int[] errNext;
  private int[] errAfter;
  /** Palette colours split into channels, and their luma. */
  private final int[] palR;
  private final int[] palG;
  private final int[] palB;
  private final int[] palY;
  /** The index of the next line (for ordered dither). */
  private int y;

  private Quantizer(int width, Palette palette, Dither dither, Gamma gamma) {
    if (width < 1) {
      throw new IllegalArgumentException("width must be at least 1, got " + width);
    }
    this.width = width;
    this.palette = palette;
    this.dither = dither;
    this.gamma = gamma;
    this.channels = palette != null && palette.grey() ? 1 : 3;
    this.errThis = new int[width * channels];
    this.errNext = new int[width * channels];
    this.errAfter = new int[width * channels];
    int n = palette == null ? 0 : palette.size();
    palR = new int[n];
    palG = new int[n];
    palB = new int[n];
    palY = new int[n];
    for (int i = 0; i < n; i++) {
      int c = palette.rgb(i);
      palR[i] = c >> 16 & 0xff;
      palG[i] = c >> 8 & 0xff;
      palB[i] = c & 0xff;
      palY[i] = Palette.luma(palR[i], palG[i], palB[i]);
    }
  }

  /** A quantizer to palette indices. */
  public static Quantizer forPalette(int width, Palette palette, Dither dither, Gamma gamma) {
    return new Quantizer(width, palette, dither, gamma);
  }

  /** A quantizer to RGB565 values. */
  public static Quantizer rgb565(int width, Dither dither, Gamma gamma) {
    return new Quantizer(width, null, dither, gamma);
  }

  public int width() {
    return width;
  }

  /**
   * Quantizes the next line: {@code rgb} holds {@link #width()} pixels as 0xRRGGBB; {@code out}
   * receives palette indices (or RGB565 values).
   */
  public void line(int[] rgb, int[] out) {
    if (dither == Dither.FLOYD_STEINBERG && palette != null && palette.grey()) {
      lineGreyFloydSteinberg(rgb, out);
      return;
    }
    if (dither == Dither.FLOYD_STEINBERG && palette != null) {
      lineColourFloydSteinberg(rgb, out);
      return;
    }
    for (int x = 0; x < width; x++) {
      int c = rgb[x];
      out[x] = palette == null ? pixel565(x, c) : palette.grey() ? pixelGrey(x, c) : pixelColour(x, c);
      diffuse(x);
    }
    endLine();
  }

  /**
   * The default path (lws's grey panels) in one loop: the same arithmetic as {@link #pixelGrey}
   * followed by {@link #floydSteinberg}, without the per-pixel dispatch. The error pushed along the
   * line and the three pushed down are kept in locals, so each pixel reads one carried error and
   * writes one finished value of the next line's row, instead of five read-modify-writes; every
   * term is the same integer division as lws's, added in the same order.
   */
  private void lineGreyFloydSteinberg(int[] rgb, int[] out) {
    int[] g = gamma.table();
    int[] et = errThis;
    int[] en = errNext;
    int[] pal = palR;
    int n = pal.length;
    boolean blackWhite = n == 2 && pal[0] == 0 && pal[1] == 255;
    int last = width - 1;
    // pages are mostly runs of one colour: keep the last colour's gamma-corrected luma
    int lastC = -1;
    int lastY = 0;
    int right = 0; // 7/16 of the previous pixel's error, for this pixel
    int below = 0; // the next line's error at x so far: e(x-2)/16 + 5e(x-1)/16
    int belowRight = 0; // the next line's error at x + 1 so far: e(x-1)/16
    for (int x = 0; x <= last; x++) {
      int c = rgb[x];
      if (c != lastC) {
        lastC = c;
        lastY = g[(299 * (c >> 16 & 0xff) + 587 * (c >> 8 & 0xff) + 114 * (c & 0xff)) / 1000];
      }
      int want = lastY + et[x] + right;
      want = want < 0 ? 0 : want > 255 ? 255 : want;
      int best;
      if (blackWhite) {
        // {0, 255}: |want - 255| < |want - 0| exactly when want >= 128
        best = want >= 128 ? 1 : 0;
      } else {
        best = 0;
        int bestDist = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
          int d = want - pal[i];
          d = d < 0 ? -d : d;
          if (d < bestDist) {
            bestDist = d;
            best = i;
          }
        }
      }
      out[x] = best;
      int e = want - pal[best];
      if (x > 0) {
        en[x - 1] = below + (3 * e) / 16; // complete: nothing later adds to x - 1
      }
      below = belowRight + (5 * e) / 16;
      belowRight = e / 16;
      right = (7 * e) / 16;
    }
    en[last] = below; // the last pixel pushes nothing further right or down-right
    endLine();
  }

  /** lws's colour panels in one loop: {@link #pixelColour} then {@link #floydSteinberg}, inlined. */
  private void lineColourFloydSteinberg(int[] rgb, int[] out) {
    int[] g = gamma.table();
    int[] et = errThis;
    int[] en = errNext;
    int n = palR.length;
    int last = width - 1;
    for (int x = 0; x <= last; x++) {
      int c = rgb[x];
      int i = x * 3;
      int wr = g[c >> 16 & 0xff] + et[i];
      int wg = g[c >> 8 & 0xff] + et[i + 1];
      int wb = g[c & 0xff] + et[i + 2];
      wr = wr < 0 ? 0 : wr > 255 ? 255 : wr;
      wg = wg < 0 ? 0 : wg > 255 ? 255 : wg;
      wb = wb < 0 ? 0 : wb > 255 ? 255 : wb;
      int wy = (299 * wr + 587 * wg + 114 * wb) / 1000;
      int best = 0;
      int bestDist = Integer.MAX_VALUE;
      for (int k = 0; k < n; k++) {
        int d = Math.abs(wy - palY[k]) + Math.abs(wr - palR[k]) + Math.abs(wg - palG[k]) + Math.abs(wb - palB[k]);
        if (d < bestDist) {
          bestDist = d;
          best = k;
        }
      }
      out[x] = best;
      spread(et, en, i, wr - palR[best], x, last);
      spread(et, en, i + 1, wg - palG[best], x, last);
      spread(et, en, i + 2, wb - palB[best], x, last);
    }
    endLine();
  }

  /** Floyd–Steinberg for one channel of a 3-channel line (lws's weights and integer division). */
  private static void spread(int[] et, int[] en, int i, int e, int x, int last) {
    if (x < last) {
      et[i + 3] += (7 * e) / 16;
      en[i + 3] += e / 16;
    }
    if (x > 0) {
      en[i - 3] += (3 * e) / 16;
    }
    en[i] += (5 * e) / 16;
    et[i] = 0;
  }

  // ------------------------------------------------------------------ per pixel

  private int pixelGrey(int x, int c) {
    int want = clamp(gamma.apply(Palette.luma(c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff)) + errThis[x] + bias(x));
    int best = 0;
    int bestDist = Integer.MAX_VALUE;
    for (int i = 0; i < palR.length; i++) {
      int d = Math.abs(want - palR[i]);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    errThis[x] = want - palR[best];
    return best;
  }

  private int pixelColour(int x, int c) {
    int i3 = x * 3;
    int wr = clamp(gamma.apply(c >> 16 & 0xff) + errThis[i3] + bias(x));
    int wg = clamp(gamma.apply(c >> 8 & 0xff) + errThis[i3 + 1] + bias(x));
    int wb = clamp(gamma.apply(c & 0xff) + errThis[i3 + 2] + bias(x));
    int wy = Palette.luma(wr, wg, wb);
    int best = 0;
    int bestDist = Integer.MAX_VALUE;
    for (int i = 0; i < palR.length; i++) {
      int d = Math.abs(wy - palY[i]) + Math.abs(wr - palR[i]) + Math.abs(wg - palG[i]) + Math.abs(wb - palB[i]);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    errThis[i3] = wr - palR[best];
    errThis[i3 + 1] = wg - palG[best];
    errThis[i3 + 2] = wb - palB[best];
    return best;
  }

  /**
   * lws's 565: the channel bits come from the gamma-corrected colour before the carried error
   * (d >> 3 in lws), and the error passed on is the error-adjusted colour minus what was chosen.
   */
  private int pixel565(int x, int c) {
    int i3 = x * 3;
    int dr = gamma.apply(c >> 16 & 0xff);
    int dg = gamma.apply(c >> 8 & 0xff);
    int db = gamma.apply(c & 0xff);
    int ar = clamp(dr + errThis[i3] + bias(x));
    int ag = clamp(dg + errThis[i3 + 1] + bias(x));
    int ab = clamp(db + errThis[i3 + 2] + bias(x));
    int r5;
    int g6;
    int b5;
    if (dither == Dither.FLOYD_STEINBERG || dither == Dither.NONE) {
      r5 = dr >> 3;
      g6 = dg >> 2;
      b5 = db >> 3;
    } else {
      r5 = ar >> 3;
      g6 = ag >> 2;
      b5 = ab >> 3;
    }
    errThis[i3] = ar - (r5 << 3);
    errThis[i3 + 1] = ag - (g6 << 2);
    errThis[i3 + 2] = ab - (b5 << 3);
    return r5 << 11 | g6 << 5 | b5;
  }

  // ------------------------------------------------------------------ error diffusion

  private void diffuse(int x) {
    switch (dither) {
      case FLOYD_STEINBERG -> floydSteinberg(x);
      case ATKINSON -> atkinson(x);
      default -> {
        for (int ch = 0; ch < channels; ch++) {
          errThis[x * channels + ch] = 0;
        }
      }
    }
  }

  private void floydSteinberg(int x) {
    for (int ch = 0; ch < channels; ch++) {
      int i = x * channels + ch;
      int e = errThis[i];
      if (x < width - 1) {
        errThis[i + channels] += (7 * e) / 16;
        errNext[i + channels] += e / 16;
      }
      if (x > 0) {
        errNext[i - channels] += (3 * e) / 16;
      }
      errNext[i] += (5 * e) / 16;
      errThis[i] = 0;
    }
  }

  private void atkinson(int x) {
    for (int ch = 0; ch < channels; ch++) {
      int i = x * channels + ch;
      int e = errThis[i] / 8;
      if (x < width - 1) {
        errThis[i + channels] += e;
        errNext[i + channels] += e;
      }
      if (x < width - 2) {
        errThis[i + 2 * channels] += e;
      }
      if (x > 0) {
        errNext[i - channels] += e;
      }
      errNext[i] += e;
      errAfter[i] += e;
      errThis[i] = 0;
    }
  }

  /** The ordered-dither offset for this pixel, centred on 0 and scaled to a palette step. */
  private int bias(int x) {
    int[][] m;
    switch (dither) {
      case BAYER4 -> m = BAYER4;
      case BAYER8 -> m = BAYER8;
      default -> {
        return 0;
      }
    }
    int n = m.length;
    int levels = palette == null ? 32 : Math.max(2, palette.size());
    int step = 255 / (levels - 1);
    return ((2 * m[y % n][x % n] + 1) * step) / (2 * n * n) - step / 2;
  }

  private void endLine() {
    int[] t = errThis;
    errThis = errNext;
    errNext = errAfter;
    errAfter = t;
    java.util.Arrays.fill(errAfter, 0);
    y++;
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : v > 255 ? 255 : v;
  }

  private static int[][] bayer8() {
    int[][] m = new int[8][8];
    for (int yy = 0; yy < 8; yy++) {
      for (int xx = 0; xx < 8; xx++) {
        m[yy][xx] = 4 * BAYER4[yy % 4][xx % 4] + new int[][] {{0, 2}, {3, 1}}[yy / 4][xx / 4];
      }
    }
    return m;
  }
}
