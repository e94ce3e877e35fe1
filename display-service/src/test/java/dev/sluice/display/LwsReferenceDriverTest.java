package dev.sluice.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quantizer against a second, independent transcription of lws's driver loop: two int16 error
 * lines indexed by line parity ({@code u[(y & 1) ^ 1]} is this line, {@code u[y & 1]} the next),
 * {@code lws_display_palettize_grey/col} and {@code dist_err_floyd_steinberg_*} as the C code
 * spells them. Random images, grey, colour and 565.
 */
class LwsReferenceDriverTest {

  /** lws's gamma2_2[] computed as its comment says. */
  private static final int[] GAMMA = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      GAMMA[i] = (int) (Math.pow(i / 255.0, 2.2) * 255);
    }
  }

  private static short s16(int v) {
    return (short) v;
  }

  private static int lwsY(int r, int g, int b) {
    return (299 * r + 587 * g + 114 * b) / 1000;
  }

  /** One image through the reference: returns palette indices (or 565 values). */
  private static int[][] reference(int[][] img, int[] palette, boolean grey, boolean is565) {
    int h = img.length;
    int w = img[0].length;
    int ch = grey ? 1 : 3;
    short[][] u = new short[2][w * ch];
    int[][] out = new int[h][w];
    for (int y = 0; y < h; y++) {
      short[] edlThis = u[(y & 1) ^ 1];
      short[] edlNext = u[y & 1];
      for (int n = 0; n < w; n++) {
        int c = img[y][n];
        int r = c >> 16 & 0xff;
        int g = c >> 8 & 0xff;
        int b = c & 0xff;
        if (grey) {
          int yv = lwsY(r, g, b);
          int d0 = GAMMA[yv];
          int da0 = Math.min(255, Math.max(0, d0 + edlThis[n]));
          int best = Integer.MAX_VALUE;
          int bestIdx = 0;
          for (int k = 0; k < palette.length; k++) {
            int sum = Math.abs(da0 - (palette[k] >> 16 & 0xff));
            if (sum < best) {
              best = sum;
              bestIdx = k;
            }
          }
          edlThis[n] = s16(da0 - (palette[bestIdx] >> 16 & 0xff));
          out[y][n] = bestIdx;
        } else {
          int[] d = {GAMMA[r], GAMMA[g], GAMMA[b]};
          int[] da = new int[3];
          for (int k = 0; k < 3; k++) {
            da[k] = Math.min(255, Math.max(0, d[k] + edlThis[n * 3 + k]));
          }
          if (is565) {
            int ya0 = d[0] >> 3;
            int ya1 = d[1] >> 2;
            int ya2 = d[2] >> 3;
            edlThis[n * 3] = s16(da[0] - (ya0 << 3));
            edlThis[n * 3 + 1] = s16(da[1] - (ya1 << 2));
            edlThis[n * 3 + 2] = s16(da[2] - (ya2 << 3));
            out[y][n] = ya0 << 11 | ya1 << 5 | ya2;
          } else {
            int yd = lwsY(da[0], da[1], da[2]);
            int best = Integer.MAX_VALUE;
            int bestIdx = 0;
            for (int k = 0; k < palette.length; k++) {
              int pr = palette[k] >> 16 & 0xff;
              int pg = palette[k] >> 8 & 0xff;
              int pb = palette[k] & 0xff;
              int sum = Math.abs(yd - lwsY(pr, pg, pb)) + Math.abs(da[0] - pr) + Math.abs(da[1] - pg)
                  + Math.abs(da[2] - pb);
              if (sum < best) {
                best = sum;
                bestIdx = k;
              }
            }
            edlThis[n * 3] = s16(da[0] - (palette[bestIdx] >> 16 & 0xff));
            edlThis[n * 3 + 1] = s16(da[1] - (palette[bestIdx] >> 8 & 0xff));
            edlThis[n * 3 + 2] = s16(da[2] - (palette[bestIdx] & 0xff));
            out[y][n] = bestIdx;
          }
        }
        // dist_err_floyd_steinberg_*
        for (int k = 0; k < ch; k++) {
          int i = n * ch + k;
          if (n < w - 1) {
            edlThis[i + ch] = s16(edlThis[i + ch] + s16((7 * edlThis[i]) / 16));
            edlNext[i + ch] = s16(edlNext[i + ch] + s16((1 * edlThis[i]) / 16));
          }
          if (n > 0) {
            edlNext[i - ch] = s16(edlNext[i - ch] + s16((3 * edlThis[i]) / 16));
          }
          edlNext[i] = s16(edlNext[i] + s16((5 * edlThis[i]) / 16));
          edlThis[i] = 0;
        }
      }
    }
    return out;
  }

  private static int[][] randomImage(Random r, int w, int h) {
    int[][] img = new int[h][w];
    for (int[] line : img) {
      for (int x = 0; x < w; x++) {
        line[x] = r.nextInt(0x1000000);
      }
    }
    return img;
  }

  private static int[][] ours(int[][] img, Quantizer q) {
    int[][] out = new int[img.length][img[0].length];
    for (int y = 0; y < img.length; y++) {
      q.line(img[y], out[y]);
    }
    return out;
  }

  @Test
  void greyColourAnd565MatchTheReferenceOnRandomImages() {
    Random r = new Random(7);
    for (int trial = 0; trial < 30; trial++) {
      int w = 1 + r.nextInt(40);
      int h = 1 + r.nextInt(12);
      int[][] img = randomImage(r, w, h);
      assertThat(ours(img, Quantizer.forPalette(w, Palette.BLACK_WHITE, Dither.FLOYD_STEINBERG, Gamma.LWS)))
          .isDeepEqualTo(reference(img, new int[] {0x000000, 0xffffff}, true, false));
      assertThat(ours(img, Quantizer.forPalette(w, Palette.GREY4, Dither.FLOYD_STEINBERG, Gamma.LWS)))
          .isDeepEqualTo(reference(img, new int[] {0x000000, 0x555555, 0xaaaaaa, 0xffffff}, true, false));
      int[] acep = Palette.ACEP7.colours().stream().mapToInt(Integer::intValue).toArray();
      assertThat(ours(img, Quantizer.forPalette(w, Palette.ACEP7, Dither.FLOYD_STEINBERG, Gamma.LWS)))
          .isDeepEqualTo(reference(img, acep, false, false));
      assertThat(ours(img, Quantizer.rgb565(w, Dither.FLOYD_STEINBERG, Gamma.LWS)))
          .isDeepEqualTo(reference(img, null, false, true));
    }
  }
}
