package dev.sluice.display.impl;

import dev.sluice.display.Band;
import dev.sluice.display.Packer;
import dev.sluice.display.Panel;
import dev.sluice.display.Quantizer;
import dev.sluice.display.RenderOptions;
import java.util.function.Consumer;

/**
 * Page raster to bands: rotation, gamma and quantizing line by line (the error-diffusion carry
 * crosses band boundaries because one quantizer sees every line in order), packing, and handing
 * each band to the sink as soon as its last line is quantized. Not thread-safe; one per render.
 */
public final class BandPipeline {

  private final Panel panel;
  private final RenderOptions options;
  private final int bandLines;
  private volatile int linesQuantized;

  /** @param panel the panel with the request's rotation already applied */
  public BandPipeline(Panel panel, RenderOptions options) {
    this.panel = panel;
    this.options = options;
    int group = panel.format().lineGroup();
    this.bandLines = (options.bandLines() + group - 1) / group * group;
  }

  /** Lines quantized so far (a sink can see that bands leave before the picture is finished). */
  public int linesQuantized() {
    return linesQuantized;
  }

  /** The quantized picture and the whole packed buffer (plane after plane). */
  public record Output(int[] indices, byte[] buffer) {}

  /**
   * Runs the page through; {@code page} is row-major 0xRRGGBB of {@link Panel#pageWidth()} ×
   * {@link Panel#pageHeight()}.
   */
  public Output run(int[] page, Consumer<Band> sink) {
    int w = panel.width();
    int h = panel.height();
    int pw = panel.pageWidth();
    int ph = panel.pageHeight();
    if (page.length != pw * ph) {
      throw new IllegalArgumentException("page raster is " + page.length + " pixels, want " + pw + "x" + ph);
    }
    Quantizer q = panel.palette() == null
        ? Quantizer.rgb565(w, options.dither(), options.gammaTable())
        : Quantizer.forPalette(w, panel.palette(), options.dither(), options.gammaTable());
    Packer packer = new Packer(panel);
    int planes = panel.format().planes();
    int planeTotal = packer.planeBytes(h);
    byte[] buffer = new byte[planeTotal * planes];
    int[] indices = new int[w * h];
    int[] rgb = new int[w];
    int[] out = new int[w];
    int[] bandPx = new int[w * bandLines];
    int index = 0;
    for (int y0 = 0; y0 < h; y0 += bandLines) {
      int lines = Math.min(bandLines, h - y0);
      for (int i = 0; i < lines; i++) {
        Rotation.line(page, pw, ph, panel.rotation(), y0 + i, rgb);
        q.line(rgb, out);
        System.arraycopy(out, 0, bandPx, i * w, w);
        System.arraycopy(out, 0, indices, (y0 + i) * w, w);
        linesQuantized = y0 + i + 1;
      }
      byte[] bytes = packer.pack(bandPx, lines);
      java.util.Arrays.fill(bandPx, 0);
      int pb = packer.planeBytes(lines);
      int at = packer.planeBytes(y0);
      for (int p = 0; p < planes; p++) {
        System.arraycopy(bytes, p * pb, buffer, p * planeTotal + at, pb);
      }
      sink.accept(new Band(index++, y0, lines, y0 + lines >= h, bytes));
    }
    return new Output(indices, buffer);
  }
}
