package dev.sluice.cli;

import dev.sluice.display.Dither;
import dev.sluice.display.DisplayException;
import dev.sluice.display.DisplayLimits;
import dev.sluice.display.DisplayRenderer;
import dev.sluice.display.PageSource;
import dev.sluice.display.Panel;
import dev.sluice.display.Panels;
import dev.sluice.display.RenderOptions;
import dev.sluice.display.Rendered;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice render}: one page rendered for one panel, as the display service would, written as
 * the panel's packed bytes and/or the quantized preview PNG. Local files are allowed here (and
 * only here); URLs obey the same fetch rules as the service.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = {"Render a page (URL or FILE) for a panel: the packed panel bytes (--raw) and/or a PNG of",
        "exactly what the panel will show (--png). Panels come from panels.json of the conf directory."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:rendered", "1:the page could not be rendered (the reason names its rule)",
        "2:usage error (unknown panel, bad option, missing file)"})
final class RenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL|FILE", description = "An http(s) URL or a local HTML file.")
  String page;

  @Option(names = "--panel", required = true, paramLabel = "NAME", description = "The panel profile, e.g. epd-7in5.")
  String panel;

  @Option(names = "--png", paramLabel = "OUT", description = "Write the quantized preview as PNG.")
  Path png;

  @Option(names = "--raw", paramLabel = "OUT", description = "Write the packed panel buffer.")
  Path raw;

  @Option(names = "--dither", paramLabel = "fs|atkinson|bayer4|bayer8|none",
      description = "Dither (default: fs, Floyd-Steinberg exactly as lws).")
  String dither = "fs";

  @Option(names = "--gamma", paramLabel = "G", description = "Gamma before quantizing (default: ${DEFAULT-VALUE}, lws's table).")
  double gamma = 2.2;

  @Option(names = "--rotate", paramLabel = "0|90|180|270", description = "Override the panel's rotation.")
  Integer rotate;

  @Option(names = "--allow-host", paramLabel = "HOST", description = "Allow fetching from HOST (a name, *.suffix, IP or CIDR;"
      + " repeatable). Needed for loopback and private addresses.")
  List<String> allowHosts = List.of();

  @Option(names = "--conf", paramLabel = "DIR", description = "Configuration directory (see 'sluice run --help').")
  Path conf;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path panelsFile = ConfDir.locate(conf).resolve("panels.json");
    Panels panels;
    try {
      panels = Files.isRegularFile(panelsFile) ? Panels.load(panelsFile) : Panels.builtIn();
    } catch (IllegalArgumentException e) {
      err.println("sluice render: " + e.getMessage());
      return 1;
    }
    Panel p = panels.get(panel).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "unknown panel \"" + panel + "\" (valid: " + String.join(", ", panels.names()) + ")"));
    RenderOptions options;
    try {
      options = RenderOptions.defaults().withDither(Dither.of(dither)).withGamma(gamma).withRotation(rotate);
    } catch (IllegalArgumentException | DisplayException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PageSource source;
    if (page.matches("(?i)[a-z][a-z0-9+.-]*:.*") && !page.matches("(?i)[a-z]:\\\\.*")) {
      source = PageSource.url(page);
    } else {
      Path f = Path.of(page);
      if (!Files.isRegularFile(f)) {
        throw new ParameterException(spec.commandLine(), "no such file: " + page);
      }
      source = PageSource.file(f);
    }
    DisplayLimits limits = DisplayLimits.defaults().withAllowLocalFiles(true).withAllowHosts(allowHosts);
    Vertx vertx = Vertx.vertx();
    try (DisplayRenderer renderer = new DisplayRenderer(vertx, panels, limits)) {
      Rendered r;
      try {
        r = renderer.renderBlocking(source, p.name(), options);
      } catch (DisplayException e) {
        err.println("sluice render: " + e.getMessage());
        return 1;
      }
      for (String w : r.warnings()) {
        err.println("sluice render: warning: " + w);
      }
      if (raw != null) {
        Files.write(raw, r.buffer());
      }
      if (png != null) {
        Files.write(png, r.previewPng());
      }
      Panel rp = r.panel();
      out.println(rp.name() + " " + rp.width() + "x" + rp.height() + " " + rp.format().confName() + " rotation "
          + rp.rotation() + ": " + r.bufferLength() + " bytes, ETag " + r.etag()
          + (raw != null ? ", raw " + raw : "") + (png != null ? ", png " + png : ""));
      return 0;
    } finally {
      vertx.close().await(15, TimeUnit.SECONDS);
    }
  }
}
