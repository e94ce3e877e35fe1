package dev.sluice.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The quantizer against values computed by hand from lws's driver code, and its invariants. */
class QuantizerTest {

  private static int[][] quantize(Quantizer q, int[][] rgb) {
    int[][] out = new int[rgb.length][q.width()];
    for (int y = 0; y < rgb.length; y++) {
      q.line(rgb[y], out[y]);
    }
    return out;
  }

  private static int[] fill(int width, int rgb) {
    int[] l = new int[width];
    Arrays.fill(l, rgb);
    return l;
  }

  @Test
  void theGammaTableIsLwsTable() {
    // spot values of lws's gamma2_2[] (lib/drivers/display/lws-display.c)
    assertThat(Gamma.LWS.apply(0)).isZero();
    assertThat(Gamma.LWS.apply(21)).isEqualTo(1);
    assertThat(Gamma.LWS.apply(128)).isEqualTo(0x37);
    assertThat(Gamma.LWS.apply(200)).isEqualTo(0x95);
    assertThat(Gamma.LWS.apply(196)).isEqualTo(0x8E);
    assertThat(Gamma.LWS.apply(255)).isEqualTo(0xFF);
  }

  @Test
  void floydSteinbergOnGreyMatchesLwsPixelForPixel() {
    // Two lines of mid grey (0x80 -> gamma 55) on black/white, 4 wide, worked through by hand:
    // line 0: wants 55, 79, 89, 93 -> all black; errors carried down: 31, 43, 48, 34
    // line 1: wants 86 (black), 135 (white, error -120), 51 (black), 111 (black)
    Quantizer q = Quantizer.forPalette(4, Palette.BLACK_WHITE, Dither.FLOYD_STEINBERG, Gamma.LWS);
    int[][] out = quantize(q, new int[][] {fill(4, 0x808080), fill(4, 0x808080)});
    assertThat(out[0]).containsExactly(0, 0, 0, 0);
    assertThat(out[1]).containsExactly(0, 1, 0, 0);
  }

  @Test
  void colourPixelsChooseByLumaPlusChannelDistance() {
    // One orange-ish pixel (255,120,0) -> gamma (255, 40, 0): luma 0x? distances to ACeP7:
    // orange (255,127,0) wins over red (255,0,0) and yellow (255,255,0).
    Quantizer q = Quantizer.forPalette(1, Palette.ACEP7, Dither.NONE, Gamma.NONE);
    int[] out = new int[1];
    q.line(new int[] {0xff7800}, out);
    assertThat(out[0]).isEqualTo(6);
    q.line(new int[] {0x1010f0}, out);
    assertThat(out[0]).as("dark blue is blue").isEqualTo(3);
  }

  @Test
  void rgb565KeepsTheTopBitsOfTheGammaCorrectedColour() {
    Quantizer q = Quantizer.rgb565(2, Dither.FLOYD_STEINBERG, Gamma.NONE);
    int[] out = new int[2];
    q.line(new int[] {0xff8040, 0x000000}, out);
    assertThat(out[0]).isEqualTo((0xff >> 3) << 11 | (0x80 >> 2) << 5 | (0x40 >> 3));
    assertThat(out[1]).as("lws chooses 565 bits before the carried error").isZero();
  }

  @Test
  void ditheringKeepsTheMeanIntensityAndUsesOnlyPaletteColours() {
    int w = 64;
    int h = 64;
    int[][] img = new int[h][w];
    long wanted = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = (x * 255) / (w - 1);
        img[y][x] = v << 16 | v << 8 | v;
        wanted += Gamma.LWS.apply(v);
      }
    }
    for (Dither d : Dither.values()) {
      for (Palette p : new Palette[] {Palette.BLACK_WHITE, Palette.GREY4}) {
        int[][] out = quantize(Quantizer.forPalette(w, p, d, Gamma.LWS), img);
        long got = 0;
        for (int[] line : out) {
          for (int i : line) {
            assertThat(i).isBetween(0, p.size() - 1);
            got += p.rgb(i) & 0xff;
          }
        }
        double wantedMean = wanted / (double) (w * h);
        double gotMean = got / (double) (w * h);
        double tolerance = d == Dither.NONE ? 40 : 12;
        assertThat(gotMean).as("%s on %d colours", d, p.size()).isCloseTo(wantedMean,
            org.assertj.core.data.Offset.offset(tolerance));
      }
    }
  }
}
