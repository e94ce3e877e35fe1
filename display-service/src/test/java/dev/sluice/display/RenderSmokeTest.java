package dev.sluice.display;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RenderSmokeTest {
  @Test
  void smoke() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DisplayRenderer r = new DisplayRenderer(vertx, Panels.builtIn(), DisplayLimits.defaults().withAllowLocalFiles(true))) {
      Files.createDirectories(Path.of("target/smoke"));
      for (String page : new String[] {"cards", "table", "dashboard", "text"}) {
        for (String panel : new String[] {"epd-7in5", "spd1656", "ssd1675b-bwr", "ili9341"}) {
          long t0 = System.nanoTime();
          Rendered out = r.renderBlocking(PageSource.file(Path.of("src/test/resources/pages/" + page + ".html")), panel,
              RenderOptions.defaults());
          System.out.println(page + " " + panel + " " + (System.nanoTime() - t0) / 1000000 + " ms " + out.warnings());
          Files.write(Path.of("target/smoke/" + page + "-" + panel + ".png"), out.previewPng());
        }
      }
    } finally {
      vertx.close();
    }
  }
}
