package dev.sluice.display;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every format packed byte for byte on small images worked out by hand. */
class PackerTest {

  private static byte[] b(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  @Test
  void rgb565IsBigEndian() {
    // red 0xF800, green 0x07E0, blue 0x001F, 0x1234
    byte[] out = new Packer(PanelFormat.RGB565, 2, true).pack(new int[] {0xF800, 0x07E0, 0x001F, 0x1234}, 2);
    assertThat(out).containsExactly(b(0xF8, 0x00, 0x07, 0xE0, 0x00, 0x1F, 0x12, 0x34));
  }

  @Test
  void mono1RowsArePaddedToBytesMsbFirst() {
    // 10 wide: row 0 = 1 0 1 1 0 0 0 1 | 1 1 -> 0xB1, 0xC0; row 1 = all black -> 0x00 0x00
    int[] px = {1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(new Packer(PanelFormat.MONO1, 10, true).pack(px, 2)).containsExactly(b(0xB1, 0xC0, 0x00, 0x00));
    // LSB-first: bit 0 is the leftmost pixel -> 0x8D, 0x03
    assertThat(new Packer(PanelFormat.MONO1, 10, false).pack(px, 2)).containsExactly(b(0x8D, 0x03, 0x00, 0x00));
  }

  @Test
  void ssd1306PagesHoldEightRowsPerColumnByteLsbTop() {
    // 3 columns x 8 rows: column 0 lit on rows 0 and 7, column 1 lit on row 1, column 2 all lit
    int w = 3;
    int[] px = new int[w * 8];
    px[0] = 1;
    px[7 * w] = 1;
    px[1 * w + 1] = 1;
    for (int y = 0; y < 8; y++) {
      px[y * w + 2] = 1;
    }
    assertThat(new Packer(PanelFormat.PAGES1, w, false).pack(px, 8)).containsExactly(b(0x81, 0x02, 0xFF));
    assertThat(new Packer(PanelFormat.PAGES1, w, true).pack(px, 8)).containsExactly(b(0x81, 0x40, 0xFF));
  }

  @Test
  void ssd1306SecondPageFollowsTheFirst() {
    // 2 columns x 16 rows, only row 8 column 1 lit -> page 0: 00 00, page 1: 00 01
    int[] px = new int[2 * 16];
    px[8 * 2 + 1] = 1;
    assertThat(new Packer(PanelFormat.PAGES1, 2, false).pack(px, 16)).containsExactly(b(0, 0, 0, 1));
  }

  @Test
  void bwrIsABlackWhitePlaneThenARedPlane() {
    // indices: black 0, white 1, red 2. Row: K W R R K W K K | W -> 9 wide, 2 bytes per row
    int[] px = {0, 1, 2, 2, 0, 1, 0, 0, 1};
    // plane 0 (1 for white or red): 0 1 1 1 0 1 0 0 | 1 -> 0x74 0x80
    // plane 1 (1 for red):          0 0 1 1 0 0 0 0 | 0 -> 0x30 0x00
    assertThat(new Packer(PanelFormat.BWR_PLANES, 9, true).pack(px, 1)).containsExactly(b(0x74, 0x80, 0x30, 0x00));
  }

  @Test
  void grey4IsTheHighBitPlaneThenTheLowBitPlane() {
    // 8 px: 0 1 2 3 3 2 1 0 (binary 00 01 10 11 11 10 01 00); two rows, the second all white (3)
    int[] px = {0, 1, 2, 3, 3, 2, 1, 0, 3, 3, 3, 3, 3, 3, 3, 3};
    // high bits row 0: 0 0 1 1 1 1 0 0 = 0x3C; row 1 0xFF. low bits row 0: 0 1 0 1 1 0 1 0 = 0x5A; row 1 0xFF
    assertThat(new Packer(PanelFormat.GREY4_PLANES, 8, true).pack(px, 2)).containsExactly(b(0x3C, 0xFF, 0x5A, 0xFF));
  }

  @Test
  void acep4bppPutsTheLeftPixelInTheHighNibble() {
    // 3 wide (odd: the last nibble pads with 0): black 0, orange 6, yellow 5 -> 0x06, 0x50
    int[] px = {0, 6, 5, 1, 2, 3};
    assertThat(new Packer(PanelFormat.NIBBLE4, 3, true).pack(px, 2)).containsExactly(b(0x06, 0x50, 0x12, 0x30));
    assertThat(new Packer(PanelFormat.NIBBLE4, 3, false).pack(px, 2)).containsExactly(b(0x60, 0x05, 0x21, 0x03));
  }

  @Test
  void grey8IsOneBytePerPixel() {
    assertThat(new Packer(PanelFormat.GREY8, 3, true).pack(new int[] {0, 128, 255}, 1)).containsExactly(b(0, 0x80, 0xFF));
  }

  @Test
  void bufferSizesFollowTheFormat() {
    Panels panels = Panels.builtIn();
    assertThat(panels.require("epd-7in5").bufferBytes()).isEqualTo(800 / 8 * 480);
    assertThat(panels.require("ssd1306").bufferBytes()).isEqualTo(128 * 8);
    assertThat(panels.require("ssd1675b").bufferBytes()).isEqualTo(16 * 250);
    assertThat(panels.require("ssd1675b-bwr").bufferBytes()).isEqualTo(2 * 16 * 250);
    assertThat(panels.require("uc8176-gray4").bufferBytes()).isEqualTo(2 * 50 * 300);
    assertThat(panels.require("spd1656").bufferBytes()).isEqualTo(300 * 448);
    assertThat(panels.require("ili9341").bufferBytes()).isEqualTo(320 * 240 * 2);
    assertThat(panels.require("kindle").bufferBytes()).isEqualTo(600 * 800);
  }
}
