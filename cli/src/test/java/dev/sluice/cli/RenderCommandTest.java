package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.display.DisplayVerticle;
import dev.sluice.runtime.ComponentFactory;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** sluice render, and the display section of runtime.json found through the component SPI. */
class RenderCommandTest {

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path page() throws Exception {
    Path f = dir.resolve("page.html");
    Files.writeString(f, "<html><head><style>body { margin: 0 } #k { position: absolute; left: 0; top: 0;"
        + " width: 100px; height: 50px; background: #000000 }</style></head><body><div id='k'></div></body></html>");
    return f;
  }

  @Test
  void rendersAFileToRawAndPng() throws Exception {
    Path raw = dir.resolve("out.bin");
    Path png = dir.resolve("out.png");
    Result r = run("render", page().toString(), "--panel", "epd-7in5", "--raw", raw.toString(), "--png", png.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("epd-7in5 800x480 mono1 rotation 0: 48000 bytes, ETag \"");
    byte[] bytes = Files.readAllBytes(raw);
    assertThat(bytes).hasSize(48_000);
    // row 0: 100 black pixels (12 bytes of 0 and a half byte), then white
    assertThat(bytes[0]).isZero();
    assertThat(bytes[12]).isEqualTo((byte) 0x0f);
    assertThat(bytes[13]).isEqualTo((byte) 0xff);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getRGB(50, 25) & 0xffffff).isZero();
    assertThat(img.getRGB(150, 25) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void optionsChangeTheOutput() throws Exception {
    Path raw = dir.resolve("r.bin");
    Result r = run("render", page().toString(), "--panel", "epd-7in5", "--rotate", "180", "--dither", "none",
        "--gamma", "1.0", "--raw", raw.toString());
    assertThat(r.code()).as(r.err()).isZero();
    byte[] bytes = Files.readAllBytes(raw);
    // turned 180 degrees, the black box is at the bottom right
    assertThat(bytes[0]).isEqualTo((byte) 0xff);
    assertThat(bytes[bytes.length - 1]).isZero();
  }

  @Test
  void anUnknownPanelListsTheValidOnesWithExit2() throws Exception {
    Result r = run("render", page().toString(), "--panel", "epd-99");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown panel \"epd-99\" (valid: ili9341, gc9a01a, ssd1306", "kindle)");
    assertThat(run("render", page().toString(), "--panel", "epd-7in5", "--dither", "fancy").code()).isEqualTo(2);
    assertThat(run("render", page().toString(), "--panel", "epd-7in5", "--rotate", "45").code()).isEqualTo(2);
    assertThat(run("render", dir.resolve("missing.html").toString(), "--panel", "epd-7in5").err())
        .contains("no such file");
    assertThat(run("render", page().toString()).code()).isEqualTo(2);
  }

  @Test
  void aRefusedUrlExits1NamingTheRule() {
    Result r = run("render", "http://127.0.0.1:9/", "--panel", "epd-7in5");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("sluice render: fetch.loopback: http://127.0.0.1:9/");
  }

  @Test
  void theDisplaySectionOfRuntimeJsonDeploysTheService() throws Exception {
    ComponentFactory f = ServiceLoader.load(ComponentFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(c -> c.name().equals("display")).findFirst().orElseThrow();
    Deployable d = f.create(new JsonObject(), null);
    assertThat(d).isInstanceOf(DisplayVerticle.class);
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(d).await(30, TimeUnit.SECONDS);
      Message<JsonObject> m = vertx.eventBus().<JsonObject>request("sluice.display.render",
          new JsonObject().put("panel", "ssd1306").put("html", "<p>hi</p>")).await(60, TimeUnit.SECONDS);
      assertThat(m.body().getInteger("bytes")).isEqualTo(1024);
    } finally {
      vertx.close().await(15, TimeUnit.SECONDS);
    }
  }
}
