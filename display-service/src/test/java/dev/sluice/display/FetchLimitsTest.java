package dev.sluice.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reliability-plan rows 24 and 25 through the whole pipeline against a real local server: the
 * allow-list, loopback refused without it, redirects checked again, size and time caps, image
 * bombs served over HTTP, and a good render afterwards each time.
 */
@ExtendWith(VertxExtension.class)
class FetchLimitsTest {

  private TestSite site;
  private TestSite other;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    site = new TestSite("127.0.0.1").start(vertx);
    other = new TestSite("127.0.0.2").start(vertx);
  }

  /** A generous time budget: only sizeAndTimeAreCapped is about time, and a loaded machine is slow. */
  private static DisplayLimits allowLocal() {
    return allowLocal(20_000);
  }

  private static DisplayLimits allowLocal(long timeMs) {
    return DisplayLimits.defaults().withAllowHosts(List.of("127.0.0.1")).withFetchLimits(1 << 20, timeMs, 3);
  }

  private static DisplayException failure(DisplayRenderer r, String url) {
    try {
      r.renderBlocking(PageSource.url(url), "epd-7in5", RenderOptions.defaults());
    } catch (DisplayException e) {
      return e;
    }
    throw new AssertionError("render of " + url + " succeeded");
  }

  private void stillServes(DisplayRenderer r) {
    Rendered ok = r.renderBlocking(PageSource.url(site.url("/pages/table.html")), "epd-7in5", RenderOptions.defaults());
    assertThat(ok.bufferLength()).isEqualTo(48_000);
  }

  @Test
  void anAllowListNaming127001ReachesTheLocalServerWithItsImages(Vertx vertx) {
    try (DisplayRenderer r = new DisplayRenderer(vertx, Panels.builtIn(), allowLocal())) {
      Rendered out = r.renderBlocking(PageSource.url(site.url("/pages/cards.html")), "epd-7in5", RenderOptions.defaults());
      assertThat(out.warnings()).isEmpty();
      assertThat(site.hits("/pages/img/logo.png")).isEqualTo(1);
      assertThat(site.hits("/pages/img/cmyk.jpg")).isEqualTo(1);
      // the black card is black, the logo's red disc came out black on a B/W panel
      assertThat(out.index(400, 150)).isZero();
      assertThat(out.index(72, 350)).isZero();
      assertThat(out.index(10, 450)).isEqualTo(1);
    }
  }

  @Test
  void withoutTheAllowListLoopbackIsRefusedAndNeverContacted(Vertx vertx) {
    try (DisplayRenderer r = new DisplayRenderer(vertx, Panels.builtIn(), DisplayLimits.defaults())) {
      DisplayException e = failure(r, site.url("/pages/cards.html"));
      assertThat(e.rule()).isEqualTo("fetch.loopback");
      assertThat(e.getMessage()).contains("127.0.0.1 is 127.0.0.1, a loopback address");
      assertThat(failure(r, "http://localhost:" + site.port() + "/pages/cards.html").rule()).isEqualTo("fetch.loopback");
      assertThat(failure(r, "http://2130706433:" + site.port() + "/pages/cards.html").rule()).isEqualTo("fetch.loopback");
      assertThat(failure(r, "http://0x7f000001:" + site.port() + "/").rule()).isEqualTo("fetch.loopback");
      assertThat(failure(r, "file:///etc/passwd").rule()).isEqualTo("fetch.scheme");
      assertThat(failure(r, "jar:file:/x.jar!/a").rule()).isEqualTo("fetch.scheme");
      assertThat(site.totalHits()).isZero();
    }
  }

  @Test
  void redirectsAreCheckedAgainAtEveryHop(Vertx vertx) {
    try (DisplayRenderer r = new DisplayRenderer(vertx, Panels.builtIn(), allowLocal())) {
      String secret = other.url("/pages/cards.html");
      DisplayException e = failure(r, site.url("/redirect?to=" + secret));
      assertThat(e.rule()).isEqualTo("fetch.host");
      assertThat(e.getMessage()).contains("\"127.0.0.2\" is not on the allow-list");
      assertThat(other.totalHits()).as("the redirect target was never contacted").isZero();
      assertThat(failure(r, site.url("/redirect?to=http://169.254.169.254/latest/meta-data/")).rule())
          .isEqualTo("fetch.host");
      assertThat(failure(r, site.url("/redirect?to=file:///etc/passwd")).rule()).isEqualTo("fetch.scheme");
      DisplayException loop = failure(r, site.url("/loop"));
      assertThat(loop.rule()).isEqualTo("fetch.redirects");
      assertThat(loop.getMessage()).contains("more than 3 redirects");
      assertThat(site.hits("/loop")).isEqualTo(4);
      // an allowed hop is followed
      Rendered ok = r.renderBlocking(PageSource.url(site.url("/redirect?to=/pages/table.html")), "epd-7in5",
          RenderOptions.defaults());
      assertThat(ok.warnings()).isEmpty();
    }
  }

  @Test
  void sizeAndTimeAreCapped(Vertx vertx) {
    try (DisplayRenderer r = new DisplayRenderer(vertx, Panels.builtIn(), allowLocal())) {
      DisplayException big = failure(r, site.url("/endless"));
      assertThat(big.rule()).isEqualTo("fetch.size");
      assertThat(big.getMessage()).contains("passed the limit of 1048576 bytes");
      DisplayException declared = failure(r, site.url("/huge-length"));
      assertThat(declared.rule()).isEqualTo("fetch.size");
      assertThat(declared.getMessage()).contains("Content-Length 4294967296");
      try (DisplayRenderer quick = new DisplayRenderer(vertx, Panels.builtIn(), allowLocal(1_000))) {
        DisplayException slow = failure(quick, site.url("/silent"));
        assertThat(slow.rule()).isEqualTo("fetch.time");
        assertThat(slow.getMessage()).contains("within 1000 ms");
      }
      assertThat(failure(r, site.url("/nothing-here")).rule()).isEqualTo("fetch.status");
      stillServes(r);
    }
  }

  @Test
  void imageBombsInAPageAreLeftOutWithTheirRuleAndThePageStillRenders(Vertx vertx) throws Exception {
    site.pages.put("/bombs.html", "<html><head><style>#k { position: absolute; top: 300px; left: 0;"
        + " width: 100px; height: 100px; background: #000000 }</style></head><body>"
        + "<img src='/huge-header.png'><img src='/idat-bomb.png'><img src='/one-byte.png'>"
        + "<img src='/truncated.png'><img src='" + other.url("/pages/img/logo.png") + "'>"
        + "<img src='data:image/png;base64,!!!'>"
        + "<div id='k'></div></body></html>");
    try (DisplayRenderer r = new DisplayRenderer(vertx, Panels.builtIn(), allowLocal())) {
      Rendered out = r.renderBlocking(PageSource.url(site.url("/bombs.html")), "epd-7in5", RenderOptions.defaults());
      assertThat(out.warnings()).hasSize(6);
      assertThat(String.join("\n", out.warnings())).contains(
          "image.pixels: " + site.url("/huge-header.png") + ": png header says 100000x100000",
          "image.pixels: " + site.url("/idat-bomb.png") + ": png header says 20000x20000",
          "image.format: " + site.url("/one-byte.png") + ": not a PNG or JPEG",
          "image.decode: " + site.url("/truncated.png"),
          "fetch.host: " + other.url("/pages/img/logo.png"),
          "image.format: data:image/png;base64,!!!: not a PNG or JPEG (0 bytes");
      assertThat(out.index(50, 350)).as("the black div below the broken images").isZero();
      assertThat(other.totalHits()).isZero();
      stillServes(r);
    }
  }

  @Test
  void localFilesNeedTheFlag(Vertx vertx) throws ExecutionException, InterruptedException {
    try (DisplayRenderer r = new DisplayRenderer(vertx, Panels.builtIn(), DisplayLimits.defaults())) {
      assertThat(failure(r, java.nio.file.Path.of("src/test/resources/pages/table.html").toUri().toString()).rule())
          .isEqualTo("fetch.scheme");
    }
  }
}
