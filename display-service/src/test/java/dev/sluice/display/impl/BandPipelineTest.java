package dev.sluice.display.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.display.Band;
import dev.sluice.display.Panel;
import dev.sluice.display.Panels;
import dev.sluice.display.RenderOptions;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bands: streamed before the picture is done, the error carry crossing them, planes reassembled. */
class BandPipelineTest {

  private static int[] noise(Panel p, long seed) {
    Random r = new Random(seed);
    int[] px = new int[p.pageWidth() * p.pageHeight()];
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextInt(0x1000000);
    }
    return px;
  }

  @Test
  void theFirstBandLeavesBeforeTheLastLineIsQuantized() {
    Panel p = Panels.builtIn().require("epd-7in5");
    BandPipeline pipe = new BandPipeline(p, RenderOptions.defaults());
    List<Integer> quantizedAtBand = new ArrayList<>();
    pipe.run(noise(p, 1), b -> quantizedAtBand.add(pipe.linesQuantized()));
    assertThat(quantizedAtBand).hasSize(480 / 16);
    assertThat(quantizedAtBand.get(0)).isEqualTo(16);
    assertThat(quantizedAtBand.get(quantizedAtBand.size() - 1)).isEqualTo(480);
  }

  @Test
  void theErrorCarryCrossesBandsSoBandSizeDoesNotChangeThePicture() {
    for (String name : List.of("epd-7in5", "spd1656", "ili9341", "uc8176-gray4")) {
      Panel p = Panels.builtIn().require(name);
      int[] page = noise(p, 2);
      byte[] whole = new BandPipeline(p, RenderOptions.defaults().withBandLines(p.height())).run(page, b -> { }).buffer();
      byte[] oneLine = new BandPipeline(p, RenderOptions.defaults().withBandLines(1)).run(page, b -> { }).buffer();
      byte[] odd = new BandPipeline(p, RenderOptions.defaults().withBandLines(7)).run(page, b -> { }).buffer();
      assertThat(oneLine).as(name).isEqualTo(whole);
      assertThat(odd).as(name).isEqualTo(whole);
    }
  }

  @Test
  void singlePlaneBandsConcatenateToTheBufferAndPlaneBandsCarryEachPlane() {
    Panel mono = Panels.builtIn().require("epd-7in5");
    List<Band> bands = new ArrayList<>();
    byte[] buf = new BandPipeline(mono, RenderOptions.defaults().withBandLines(10)).run(noise(mono, 3), bands::add).buffer();
    ByteArrayOutputStream cat = new ByteArrayOutputStream();
    bands.forEach(b -> cat.writeBytes(b.bytes()));
    assertThat(cat.toByteArray()).isEqualTo(buf);
    assertThat(bands.get(bands.size() - 1).last()).isTrue();
    assertThat(bands.get(47).y()).isEqualTo(470);

    Panel bwr = Panels.builtIn().require("uc8176-bwr");
    List<Band> pb = new ArrayList<>();
    byte[] planes = new BandPipeline(bwr, RenderOptions.defaults().withBandLines(100)).run(noise(bwr, 4), pb::add).buffer();
    int stride = 50;
    assertThat(pb).hasSize(3);
    for (Band b : pb) {
      int n = b.lines() * stride;
      assertThat(java.util.Arrays.copyOfRange(b.bytes(), 0, n))
          .isEqualTo(java.util.Arrays.copyOfRange(planes, b.y() * stride, b.y() * stride + n));
      assertThat(java.util.Arrays.copyOfRange(b.bytes(), n, 2 * n))
          .isEqualTo(java.util.Arrays.copyOfRange(planes, 300 * stride + b.y() * stride, 300 * stride + b.y() * stride + n));
    }
  }

  @Test
  void pageLayoutBandsAreWholePages() {
    Panel oled = Panels.builtIn().require("ssd1306");
    List<Band> bands = new ArrayList<>();
    new BandPipeline(oled, RenderOptions.defaults().withBandLines(5)).run(noise(oled, 5), bands::add);
    assertThat(bands).hasSize(8).allSatisfy(b -> assertThat(b.lines()).isEqualTo(8));
    assertThat(bands.get(0).bytes()).hasSize(128);
  }

  @Test
  void rotationTurnsThePageClockwiseOntoTheNativeRaster() {
    // a 3 x 2 page: 1 2 3 / 4 5 6
    int[] page = {1, 2, 3, 4, 5, 6};
    int[] line = new int[3];
    Rotation.line(page, 3, 2, 90, 0, line);
    assertThat(java.util.Arrays.copyOf(line, 2)).containsExactly(4, 1);
    Rotation.line(page, 3, 2, 90, 2, line);
    assertThat(java.util.Arrays.copyOf(line, 2)).containsExactly(6, 3);
    Rotation.line(page, 3, 2, 180, 0, line);
    assertThat(line).containsExactly(6, 5, 4);
    Rotation.line(page, 3, 2, 270, 0, line);
    assertThat(java.util.Arrays.copyOf(line, 2)).containsExactly(3, 6);
    Rotation.line(page, 3, 2, 270, 2, line);
    assertThat(java.util.Arrays.copyOf(line, 2)).containsExactly(1, 4);
  }
}
