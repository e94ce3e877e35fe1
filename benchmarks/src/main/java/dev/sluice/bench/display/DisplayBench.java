package dev.sluice.bench.display;

import dev.sluice.display.Dither;
import dev.sluice.display.DisplayLimits;
import dev.sluice.display.DisplayRenderer;
import dev.sluice.display.Gamma;
import dev.sluice.display.PageSource;
import dev.sluice.display.Palette;
import dev.sluice.display.Panels;
import dev.sluice.display.Quantizer;
import dev.sluice.display.RenderOptions;
import dev.sluice.display.Rendered;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The display pipeline: render + quantize + pack of the test dashboard (page, a PNG and a JPEG read
 * from the display tests' page directory, Flying Saucer layout, Floyd–Steinberg, packing) at epd-7in5 and spd1656, and
 * Floyd–Steinberg alone on an 800×480 frame. Run with {@code -prof gc} for the bytes allocated per
 * render and {@code -t 2} for renders per second with two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DisplayBench {

  private Vertx vertx;
  private DisplayRenderer renderer;
  private PageSource dashboard;
  private int[][] frame;
  private int[] out;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    System.setProperty("java.awt.headless", "true");
    // the display tests' own dashboard page and its images; run from the repository root
    Path page = Path.of(System.getProperty("display.pages", "display-service/src/test/resources/pages"), "dashboard.html");
    if (!Files.isRegularFile(page)) {
      throw new IllegalStateException(page.toAbsolutePath() + " not found: run from the repository root or set"
          + " -Ddisplay.pages=DIR");
    }
    dashboard = PageSource.file(page);
    vertx = Vertx.vertx();
    renderer = new DisplayRenderer(vertx, Panels.builtIn(), DisplayLimits.defaults().withAllowLocalFiles(true));
    Random r = new Random(1);
    frame = new int[480][800];
    for (int[] line : frame) {
      for (int x = 0; x < line.length; x++) {
        line[x] = r.nextInt(0x1000000);
      }
    }
    out = new int[800];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    renderer.close();
    vertx.close();
  }

  @Benchmark
  public Rendered dashboardEpd7in5() {
    return renderer.renderBlocking(dashboard, "epd-7in5", RenderOptions.defaults());
  }

  @Benchmark
  public Rendered dashboardSpd1656() {
    return renderer.renderBlocking(dashboard, "spd1656", RenderOptions.defaults());
  }

  /** One 800×480 frame (0.384 Mpx) through lws-exact Floyd–Steinberg to black/white. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int[] floydSteinbergBw800x480() {
    Quantizer q = Quantizer.forPalette(800, Palette.BLACK_WHITE, Dither.FLOYD_STEINBERG, Gamma.LWS);
    for (int[] line : frame) {
      q.line(line, out);
    }
    return out;
  }

  /** The same frame to the 7 ACeP colours (colour distance per palette entry). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int[] floydSteinbergAcep800x480() {
    Quantizer q = Quantizer.forPalette(800, Palette.ACEP7, Dither.FLOYD_STEINBERG, Gamma.LWS);
    for (int[] line : frame) {
      q.line(line, out);
    }
    return out;
  }
}
