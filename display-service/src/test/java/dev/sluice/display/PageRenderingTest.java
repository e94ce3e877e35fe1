package dev.sluice.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test pages (cards, a table, a dashboard, text sizes) rendered for real panels: pixel probes
 * at places the page's CSS fixes, and the whole preview against reference PNGs that were looked at
 * and checked in ({@code -Ddisplay.updateReferences=true} writes them again). Font rasterizing may
 * differ a little between machines, so up to 1% of pixels may differ from the reference.
 */
class PageRenderingTest {

  private static final Path PAGES = Path.of("src/test/resources/pages");
  private static final Path REFS = Path.of("src/test/resources/reference");
  private static Vertx vertx;
  private static DisplayRenderer renderer;
  private static final Map<String, Rendered> CACHE = new HashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    renderer = new DisplayRenderer(vertx, Panels.builtIn(), DisplayLimits.defaults().withAllowLocalFiles(true));
  }

  @AfterAll
  static void stop() {
    renderer.close();
    vertx.close();
  }

  static synchronized Rendered render(String page, String panel) {
    return CACHE.computeIfAbsent(page + "-" + panel, k -> renderer.renderBlocking(
        PageSource.file(PAGES.resolve(page + ".html")), panel, RenderOptions.defaults()));
  }

  @ParameterizedTest
  @CsvSource({"cards, epd-7in5", "cards, spd1656", "cards, ili9341", "table, uc8176-gray4", "table, ssd1675b-bwr",
      "dashboard, epd-7in5", "dashboard, spd1656", "text, kindle", "text, ssd1306"})
  void previewsMatchTheCheckedReferences(String page, String panel) throws Exception {
    Rendered r = render(page, panel);
    assertThat(r.warnings()).isEmpty();
    Path ref = REFS.resolve(page + "-" + panel + ".png");
    byte[] png = r.previewPng();
    if (Boolean.getBoolean("display.updateReferences")) {
      Files.write(ref, png);
    }
    BufferedImage want = ImageIO.read(ref.toFile());
    BufferedImage got = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(got.getWidth()).isEqualTo(want.getWidth());
    assertThat(got.getHeight()).isEqualTo(want.getHeight());
    long differ = 0;
    for (int y = 0; y < want.getHeight(); y++) {
      for (int x = 0; x < want.getWidth(); x++) {
        if ((want.getRGB(x, y) & 0xffffff) != (got.getRGB(x, y) & 0xffffff)) {
          differ++;
        }
      }
    }
    assertThat(differ).as("pixels differing from %s", ref).isLessThanOrEqualTo(want.getWidth() * want.getHeight() / 100);
  }

  private static int blackShare(Rendered r, int x0, int y0, int x1, int y1) {
    int black = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if (r.colour(x, y) == 0) {
          black++;
        }
      }
    }
    return black * 100 / ((x1 - x0) * (y1 - y0));
  }

  @Test
  void cardsOnBlackAndWhite() {
    Rendered r = render("cards", "epd-7in5");
    assertThat(r.colour(400, 150)).as("inside the black card").isEqualTo(0x000000);
    assertThat(r.colour(100, 150)).as("inside the white card").isEqualTo(0xffffff);
    assertThat(r.colour(20, 100)).as("the white card's 4px left border").isEqualTo(0x000000);
    // red (luma 76, gamma 17 of 255) dithers to about 7% white
    assertThat(blackShare(r, 0, 245, 800, 295)).isBetween(88, 97);
    // the grey ramp image goes from black to white left to right
    assertThat(blackShare(r, 162, 332, 180, 408)).isGreaterThan(95);
    assertThat(blackShare(r, 262, 332, 278, 408)).isLessThan(20);
  }

  @Test
  void cardsOnSevenColours() {
    Rendered r = render("cards", "spd1656");
    Palette p = Palette.ACEP7;
    assertThat(r.index(300, 270)).as("the red bar").isEqualTo(4);
    assertThat(r.index(400, 150)).as("black card").isEqualTo(0);
    assertThat(r.index(100, 150)).as("white card").isEqualTo(1);
    assertThat(r.index(380, 345)).as("progressive JPEG, blue half").isEqualTo(3);
    assertThat(r.index(380, 395)).as("progressive JPEG, yellow half").isEqualTo(5);
    assertThat(p.rgb(r.index(575, 365))).as("data: URI PNG, green").isIn(0x00ff00, 0x000000);
    // the PNG's transparent corner shows the white page; its red disc is red
    assertThat(r.index(42, 342)).isEqualTo(1);
    int red = 0;
    for (int y = 345; y < 365; y++) {
      for (int x = 62; x < 82; x++) {
        red += r.index(x, y) == 4 ? 1 : 0;
      }
    }
    assertThat(red).as("red pixels of 400 in the disc (#d00000 dithers with black)").isGreaterThan(200);
  }

  @Test
  void rgb565KeepsTheColours() {
    Rendered r = render("cards", "ili9341");
    assertThat(r.index(100, 150)).as("white card in 565").isEqualTo(0xFFFF);
    assertThat(r.index(300, 150)).as("black card").isZero();
    assertThat(r.index(21, 100)).as("the card's border").isZero();
  }

  @Test
  void tableHeaderIsBlackAndCellsWhiteInFourGreys() {
    Rendered r = render("table", "uc8176-gray4");
    assertThat(r.index(300, 14)).as("header row background").isZero();
    assertThat(r.index(700, 60)).as("a body cell").isEqualTo(3);
    assertThat(r.index(10, 60)).as("the table's left border").isZero();
  }

  @Test
  void rotatedPanelsGetTheirNativeRaster() {
    Rendered r = render("table", "ssd1675b-bwr");
    assertThat(r.panel().width()).isEqualTo(122);
    assertThat(r.bufferLength()).isEqualTo(2 * 16 * 250);
    // page (240, 14) is in the black header row; turned 90 degrees clockwise it is native (122-1-14, 240)
    assertThat(r.index(122 - 1 - 14, 240)).isZero();
    BufferedImage preview = r.preview();
    assertThat(preview.getWidth()).isEqualTo(250);
    assertThat(preview.getRGB(240, 14) & 0xffffff).isZero();
  }

  @Test
  void dashboardTilesKeepTheirColours() {
    Rendered r = render("dashboard", "spd1656");
    assertThat(r.index(300, 20)).as("black title bar").isZero();
    int footer = 447;
    while (footer > 0 && r.index(300, footer) == 1) {
      footer--;
    }
    assertThat(footer).as("the footer is the last thing on the page").isGreaterThan(350);
    footer -= 12;
    assertThat(r.index(300, footer)).as("orange footer").isIn(4, 5, 6);
    int orange = 0;
    int red = 0;
    for (int x = 0; x < 600; x++) {
      orange += r.index(x, footer) == 6 ? 1 : 0;
      red += r.index(x, footer) == 4 ? 1 : 0;
    }
    // as in lws, gamma darkens the wanted colour but not the palette: (255,127,0) becomes (255,27,0),
    // nearer red than orange, so the footer dithers red with some orange
    assertThat(orange + red).isGreaterThan(550);
    assertThat(orange).isGreaterThan(50);
    assertThat(r.index(40, 175)).as("white tile").isEqualTo(1);
  }

  @Test
  void remUnitsWorkAsInLws() {
    // Flying Saucer 9 ignores rem; the renderer rewrites it to px (16 px root) first
    Rendered r = renderer.renderBlocking(PageSource.html("<html><head><style>body { margin: 0 }"
        + " #a { position: absolute; left: 0; top: 0; width: 10rem; height: 2.5rem; background: #000000 }"
        + "</style></head><body><div id='a'></div></body></html>", null), "epd-7in5", RenderOptions.defaults());
    assertThat(r.index(155, 20)).isZero();
    assertThat(r.index(165, 20)).isEqualTo(1);
    assertThat(r.index(20, 38)).isZero();
    assertThat(r.index(20, 42)).isEqualTo(1);
  }

  @Test
  void textInSeveralSizesIsInk() {
    Rendered r = render("text", "kindle");
    assertThat(blackShare(r, 0, 0, 600, 800)).isBetween(1, 30);
    assertThat(r.index(599, 799)).isEqualTo(255);
  }
}
