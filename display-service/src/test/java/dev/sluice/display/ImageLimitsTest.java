package dev.sluice.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.display.impl.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.api.Test;

/** Reliability-plan row 24: image bombs and broken files, each refused with its rule, or decoded within limits. */
class ImageLimitsTest {

  private final ImageDecoder decoder = new ImageDecoder(8 << 20, 16L << 20, 5_000);

  private static byte[] resource(String name) throws Exception {
    return Files.readAllBytes(Path.of("src/test/resources/pages/img", name));
  }

  private void refused(byte[] bytes, String rule, String... parts) {
    assertThatThrownBy(() -> decoder.decode(bytes, "test.png"))
        .isInstanceOf(DisplayException.class)
        .hasMessageStartingWith(rule + ": test.png")
        .hasMessageContainingAll(parts)
        .extracting(e -> ((DisplayException) e).rule()).isEqualTo(rule);
  }

  @Test
  void aHeaderClaiming100000SquaredIsRefusedBeforeAnyPixelIsAllocated() {
    refused(Bombs.hugeHeaderPng(), "image.pixels", "100000x100000", "10000000000 pixels", "16777216");
  }

  @Test
  void anIdatZlibBombOverThePixelCapIsRefusedFromTheHeader() {
    // 20000 x 20000 declared, 64 MB of zeros deflated into ~64 KB
    refused(Bombs.png(20_000, 20_000, 64L << 20), "image.pixels", "20000x20000");
  }

  @Test
  void anIdatZlibBombUnderThePixelCapInflatesOnlyWhatTheRowsNeed() {
    // 1000 x 1000 declared (3 MB of rows), the IDAT inflates to 256 MB: the reader stops after the rows
    byte[] bomb = Bombs.png(1000, 1000, 256L << 20);
    assertThat(bomb.length).isLessThan(1 << 20);
    long before = usedHeap();
    BufferedImage img = decoder.decode(bomb, "test.png");
    assertThat(img.getWidth()).isEqualTo(1000);
    assertThat(img.getRGB(500, 500) & 0xffffff).isZero();
    assertThat(usedHeap() - before).as("heap growth").isLessThan(64L << 20);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  @Test
  void filesOverTheByteCapAreRefused() {
    ImageDecoder small = new ImageDecoder(40, 1 << 20, 1000);
    assertThatThrownBy(() -> small.decode(Bombs.smallPng(), "x.png")).isInstanceOf(DisplayException.class)
        .hasMessageStartingWith("image.bytes: x.png:").hasMessageContaining("over the limit of 40");
  }

  @Test
  void oneByteEmptyAndUnknownFilesAreRefusedByFormat() {
    refused(new byte[] {(byte) 0x89}, "image.format", "not a PNG or JPEG", "1 bytes", "starts 89");
    refused(new byte[0], "image.format", "(empty)");
    refused("GIF89a....".getBytes(), "image.format", "starts 474946");
  }

  @Test
  void truncatedPngsAreRefusedAsBroken() throws Exception {
    byte[] good = resource("logo.png");
    // cut inside IHDR: the header cannot be read
    refused(Bombs.truncated(good, 20), "image.decode", "broken png");
    // cut inside IDAT: rows are missing
    refused(Bombs.truncated(good, good.length / 2), "image.decode", "broken png");
  }

  @Test
  void aTruncatedJpegIsRefusedOrDecodedButNeverHangs() throws Exception {
    byte[] good = resource("ramp.jpg");
    try {
      BufferedImage img = decoder.decode(Bombs.truncated(good, good.length / 2), "test.png");
      assertThat(img.getWidth()).isEqualTo(120); // the top half is there; the rest is grey fill
    } catch (DisplayException e) {
      assertThat(e.rule()).isEqualTo("image.decode");
    }
    refused(Bombs.truncated(good, 3), "image.decode", "broken jpeg");
  }

  @Test
  void aDecodeOverItsTimeBudgetIsAborted() {
    ImageDecoder hurried = new ImageDecoder(64 << 20, 64L << 20, 1);
    // 4000 x 4000 rows (48 MB inflated) cannot be decoded in a millisecond
    byte[] big = Bombs.png(4000, 4000, 4000L * (1 + 4000 * 3));
    assertThatThrownBy(() -> hurried.decode(big, "slow.png")).isInstanceOf(DisplayException.class)
        .hasMessageStartingWith("image.time: slow.png: decoding took longer than 1 ms");
  }

  @Test
  void pngAlphaBaselineProgressiveAndCmykJpegsDecodeToTheirColours() throws Exception {
    BufferedImage logo = decoder.decode(resource("logo.png"), "logo.png");
    assertThat(logo.getColorModel().hasAlpha()).isTrue();
    assertThat(logo.getRGB(0, 0) >>> 24).as("corner is transparent").isZero();
    assertThat(logo.getRGB(32, 12)).as("disc is opaque red").isEqualTo(0xffd00000);
    BufferedImage ramp = decoder.decode(resource("ramp.jpg"), "ramp.jpg");
    assertThat(ramp.getRGB(2, 40) & 0xff).isLessThan(16);
    assertThat(ramp.getRGB(117, 40) & 0xff).isGreaterThan(240);
    BufferedImage prog = decoder.decode(resource("progressive.jpg"), "progressive.jpg");
    assertThat(near(prog.getRGB(60, 10), 0x0000ff, 8)).isTrue();
    assertThat(near(prog.getRGB(60, 70), 0xffff00, 8)).isTrue();
    // C 90% M 80% Y 20% K 40% -> naive RGB (15, 30, 122); the JDK's own reader gives a washed-out 0x4561b8
    int cmyk = decoder.decode(resource("cmyk.jpg"), "cmyk.jpg").getRGB(20, 20);
    assertThat(near(cmyk, 0x0f1e7a, 8)).as("%06x", cmyk & 0xffffff).isTrue();
    assertThat(near(jdkReader(resource("cmyk.jpg")), 0x0f1e7a, 8)).as("the JDK alone gets it wrong").isFalse();
  }

  private static int jdkReader(byte[] jpeg) throws Exception {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
    while (it.hasNext()) {
      ImageReader r = it.next();
      if (r.getClass().getName().startsWith("com.sun.")) {
        r.setInput(ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(jpeg)));
        return r.read(0).getRGB(20, 20);
      }
    }
    throw new AssertionError("no JDK JPEG reader");
  }

  private static boolean near(int rgb, int want, int tol) {
    for (int s = 0; s <= 16; s += 8) {
      if (Math.abs((rgb >> s & 0xff) - (want >> s & 0xff)) > tol) {
        return false;
      }
    }
    return true;
  }
}
