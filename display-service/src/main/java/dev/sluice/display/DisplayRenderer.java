package dev.sluice.display;

import dev.sluice.display.impl.BandPipeline;
import dev.sluice.display.impl.ImageDecoder;
import dev.sluice.display.impl.PageRenderer;
import dev.sluice.display.impl.PageResources;
import dev.sluice.display.impl.ResourceFetcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The display pipeline: a page (URL, file or HTML) → jsoup → Flying Saucer at the panel's page size
 * → rotation → gamma → quantizing → packing → bands. Fetches are non-blocking and limited; decoding,
 * layout and quantizing run on worker threads. Bands reach the caller's context as each is packed,
 * before later lines are quantized. Thread-safe; {@link #close()} frees its HTTP client.
 */
public final class DisplayRenderer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DisplayRenderer.class);

  private final Vertx vertx;
  private final Panels panels;
  private final DisplayLimits limits;
  private final HttpClient client;
  private final ResourceFetcher fetcher;
  private final ImageDecoder decoder;

  public DisplayRenderer(Vertx vertx, Panels panels, DisplayLimits limits) {
    this.vertx = vertx;
    this.panels = panels;
    this.limits = limits;
    this.client = vertx.createHttpClient(new HttpClientOptions().setMaxRedirects(0)
        .setMaxInitialLineLength(8192).setMaxHeaderSize(16384));
    this.fetcher = new ResourceFetcher(vertx, client, limits);
    this.decoder = new ImageDecoder(limits.maxImageBytes(), limits.maxImagePixels(), limits.decodeTimeoutMs());
  }

  public Panels panels() {
    return panels;
  }

  public DisplayLimits limits() {
    return limits;
  }

  /**
   * Renders a page for a panel.
   *
   * @param bands receives each band on the calling context as soon as it is packed (may be null)
   * @return the finished render; fails with a {@link DisplayException} naming its rule when the
   *     page itself cannot be had (an image that cannot is left out and listed in the warnings)
   */
  public Future<Rendered> render(PageSource source, String panelName, RenderOptions options, Consumer<Band> bands) {
    Context ctx = vertx.getOrCreateContext();
    Panel panel;
    try {
      panel = options.apply(panels.require(panelName));
    } catch (DisplayException e) {
      return Future.failedFuture(e);
    }
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    return html(source).compose(page -> vertx.executeBlocking(() -> {
      Document doc = Jsoup.parse(new ByteArrayInputStream(page.body()), null, page.url() == null ? "" : page.url());
      return new Parsed(doc, page.url());
    }, false)).compose(parsed -> fetchResources(parsed, warnings).compose(res -> vertx.executeBlocking(() -> {
      int[] raster = PageRenderer.paint(parsed.doc, parsed.base, panel.pageWidth(), panel.pageHeight(),
          res.images, res.css);
      BandPipeline pipeline = new BandPipeline(panel, options);
      BandPipeline.Output out = pipeline.run(raster, band -> {
        if (bands != null) {
          ctx.runOnContext(v -> bands.accept(band));
        }
      });
      return new Rendered(panel, out.indices(), out.buffer(), warnings);
    }, false)));
  }

  private record Parsed(Document doc, String base) {}

  private record Resources(Map<String, BufferedImage> images, Map<String, String> css) {}

  private Future<ResourceFetcher.Fetched> html(PageSource source) {
    if (source instanceof PageSource.Html h) {
      return Future.succeededFuture(new ResourceFetcher.Fetched(h.html().getBytes(StandardCharsets.UTF_8),
          h.baseUrl(), "text/html; charset=utf-8"));
    }
    return fetcher.fetch(((PageSource.Url) source).url(), limits.maxPageBytes());
  }

  /** Stylesheets first (they may name images), then every image; failures become warnings. */
  private Future<Resources> fetchResources(Parsed parsed, List<String> warnings) {
    Map<String, String> css = new ConcurrentHashMap<>();
    Set<String> sheets = PageResources.stylesheets(parsed.doc, parsed.base);
    List<Future<?>> sheetFetches = new ArrayList<>();
    for (String url : limit(sheets, warnings)) {
      sheetFetches.add(fetcher.fetch(url, limits.maxPageBytes())
          .onSuccess(f -> css.put(url, new String(f.body(), StandardCharsets.UTF_8)))
          .recover(e -> {
            warn(warnings, "stylesheet " + url, e);
            return Future.succeededFuture();
          }));
    }
    return Future.join(sheetFetches).transform(v -> {
      Set<String> imageUrls = new LinkedHashSet<>(PageResources.images(parsed.doc, parsed.base));
      css.forEach((url, text) -> imageUrls.addAll(PageResources.cssUrls(text, url)));
      Map<String, byte[]> raw = new ConcurrentHashMap<>();
      List<Future<?>> fetches = new ArrayList<>();
      for (String url : limit(imageUrls, warnings)) {
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
          try {
            raw.put(url, dataUri(url));
          } catch (DisplayException e) {
            warn(warnings, "image data: URI", e);
          }
          continue;
        }
        fetches.add(fetcher.fetch(url, limits.maxImageBytes())
            .onSuccess(f -> raw.put(url, f.body()))
            .recover(e -> {
            warn(warnings, "image " + url, e);
            return Future.succeededFuture();
          }));
      }
      return Future.join(fetches).transform(w -> vertx.executeBlocking(() -> {
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        raw.forEach((url, bytes) -> {
          try {
            images.put(url, decoder.decode(bytes, shorten(url)));
          } catch (DisplayException e) {
            warn(warnings, "image " + shorten(url), e);
          }
        });
        return new Resources(images, css);
      }, false));
    });
  }

  private List<String> limit(Set<String> urls, List<String> warnings) {
    List<String> list = new ArrayList<>(urls);
    if (list.size() > limits.maxResources()) {
      warnings.add("page.resources: " + list.size() + " resources, only the first " + limits.maxResources()
          + " are loaded");
      return list.subList(0, limits.maxResources());
    }
    return list;
  }

  private static void warn(List<String> warnings, String what, Throwable e) {
    String msg = e instanceof DisplayException ? e.getMessage() : "fetch.failed: " + what + ": " + e;
    warnings.add(msg);
    LOG.info("display: {} left out: {}", what, msg);
  }

  private static String shorten(String url) {
    return url.length() > 120 ? url.substring(0, 117) + "..." : url;
  }

  /** Bytes of a data: URI (base64 or percent-encoded). */
  static byte[] dataUri(String uri) {
    int comma = uri.indexOf(',');
    if (comma < 0) {
      throw new DisplayException("image.data-uri", shorten(uri) + ": no comma");
    }
    String meta = uri.substring(5, comma).toLowerCase(java.util.Locale.ROOT);
    String payload = uri.substring(comma + 1);
    try {
      if (meta.endsWith(";base64")) {
        return Base64.getMimeDecoder().decode(payload);
      }
      return java.net.URLDecoder.decode(payload.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
          .getBytes(StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      throw new DisplayException("image.data-uri", shorten(uri) + ": bad encoding: " + e.getMessage());
    }
  }

  /** Renders synchronously (for the CLI and benchmarks): blocks the calling thread, never an event loop. */
  public Rendered renderBlocking(PageSource source, String panelName, RenderOptions options) {
    try {
      return render(source, panelName, options, null).toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  static {
    // ImageIO's disk cache would write decoded data to /tmp; everything here is in memory
    javax.imageio.ImageIO.setUseCache(false);
  }
}
