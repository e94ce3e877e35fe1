package dev.sluice.display;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The display service on the event bus and (optionally) over HTTP.
 *
 * <p>Event bus, {@code sluice.display.render}: a JSON request {@code {"panel", "url" | "html" (+
 * "baseUrl"), "dither", "gamma", "rotate", "bandLines", "replyTo"}}. Without {@code replyTo} the
 * reply holds every band (base64); with it each band is sent to {@code replyTo} as a Buffer as soon
 * as it is packed (headers {@code index}, {@code y}, {@code lines}, {@code som} on the first,
 * {@code eom} on the last) and the reply is the summary. Failures: {@code fail(code, "rule: ...")},
 * 404 unknown panel, 400 bad request, 403 refused fetch, 422 page unusable, 503 busy.
 *
 * <p>HTTP: {@code GET /display/{panel}?url=...} and {@code POST /display/{panel}} (the HTML as the
 * body, {@code ?base=} for its links) answer the packed buffer with an ETag (a hash of the packed
 * bytes); {@code If-None-Match} gives 304; {@code ?format=png} answers the quantized preview.
 */
public final class DisplayVerticle extends AbstractVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(DisplayVerticle.class);

  private final DisplayOptions options;
  private DisplayRenderer renderer;
  private MessageConsumer<JsonObject> consumer;
  private HttpServer server;
  private int inFlight;

  public DisplayVerticle(DisplayOptions options) {
    this.options = options;
  }

  /** The HTTP port actually bound (when port 0 was asked), or -1 without HTTP. */
  public int httpPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public void start(Promise<Void> started) {
    Panels panels;
    try {
      panels = options.panels();
    } catch (RuntimeException e) {
      started.fail(e);
      return;
    }
    renderer = new DisplayRenderer(vertx, panels, options.limits());
    consumer = vertx.eventBus().consumer(options.address(), this::onMessage);
    Future<Void> http = Future.succeededFuture();
    int count = panels.names().size();
    if (options.httpPort() >= 0) {
      server = vertx.createHttpServer(new HttpServerOptions().setHost(options.httpHost()).setPort(options.httpPort())
          .setMaxInitialLineLength(16384));
      http = server.requestHandler(this::onHttp).listen().<Void>mapEmpty()
          .recover(e -> Future.failedFuture(new IllegalStateException("display: cannot listen on "
              + options.httpHost() + ":" + options.httpPort() + ": " + e.getMessage(), e)));
    }
    Future<Void> listening = http;
    consumer.completion().compose(v -> listening).onComplete(ar -> {
      if (ar.succeeded()) {
        LOG.info("display service on {}{} with {} panels", options.address(),
            server == null ? "" : ", http://" + options.httpHost() + ":" + server.actualPort() + "/display/",
            count);
      }
      started.handle(ar);
    });
  }

  @Override
  public void stop(Promise<Void> stopped) {
    Future<Void> a = consumer == null ? Future.succeededFuture() : consumer.unregister();
    Future<Void> b = server == null ? Future.succeededFuture() : server.close();
    Future.join(a, b).onComplete(ar -> {
      if (renderer != null) {
        renderer.close();
      }
      stopped.complete();
    });
  }

  // ------------------------------------------------------------------ shared

  private record Request(PageSource source, String panel, RenderOptions options) {}

  private static RenderOptions renderOptions(String dither, String gamma, String rotate, String bandLines) {
    RenderOptions o = RenderOptions.defaults();
    try {
      if (dither != null) {
        o = o.withDither(Dither.of(dither));
      }
      if (gamma != null) {
        o = o.withGamma(Double.parseDouble(gamma));
      }
      if (rotate != null) {
        o = o.withRotation(Integer.parseInt(rotate));
      }
      if (bandLines != null) {
        o = o.withBandLines(Integer.parseInt(bandLines));
      }
    } catch (IllegalArgumentException e) {
      throw new DisplayException("options.value", e.getMessage());
    }
    return o;
  }

  /** The status a failure maps to. */
  static int status(Throwable e) {
    if (e instanceof DisplayException d) {
      String r = d.rule();
      if (r.equals("panel.unknown")) {
        return 404;
      }
      if (r.startsWith("options.") || r.equals("request")) {
        return 400;
      }
      if (r.equals("busy")) {
        return 503;
      }
      if (r.equals("fetch.scheme") || r.equals("fetch.host") || r.equals("fetch.loopback")
          || r.equals("fetch.link-local") || r.equals("fetch.private") || r.equals("fetch.unspecified")
          || r.equals("fetch.multicast")) {
        return 403;
      }
      return 422;
    }
    return 500;
  }

  private Future<Rendered> run(Request r, Consumer<Band> bands) {
    if (inFlight >= options.maxConcurrent()) {
      return Future.failedFuture(new DisplayException("busy", inFlight + " renders in progress, try again later"));
    }
    inFlight++;
    return renderer.render(r.source, r.panel, r.options, bands).andThen(ar -> inFlight--);
  }

  // ------------------------------------------------------------------ event bus

  private void onMessage(Message<JsonObject> msg) {
    Request r;
    JsonObject body = msg.body();
    try {
      if (body == null || body.getString("panel") == null) {
        throw new DisplayException("request", "a JSON object with \"panel\" and \"url\" or \"html\" is required");
      }
      PageSource src;
      if (body.getString("url") != null) {
        src = PageSource.url(body.getString("url"));
      } else if (body.getString("html") != null) {
        src = PageSource.html(body.getString("html"), body.getString("baseUrl"));
      } else {
        throw new DisplayException("request", "\"url\" or \"html\" is required");
      }
      r = new Request(src, body.getString("panel"), renderOptions(body.getString("dither"),
          str(body.getValue("gamma")), str(body.getValue("rotate")), str(body.getValue("bandLines"))));
    } catch (RuntimeException e) {
      msg.fail(status(e), e.getMessage());
      return;
    }
    String replyTo = body.getString("replyTo");
    List<Band> collected = new ArrayList<>();
    run(r, band -> {
      if (replyTo == null) {
        collected.add(band);
        return;
      }
      DeliveryOptions d = new DeliveryOptions().addHeader("index", Integer.toString(band.index()))
          .addHeader("y", Integer.toString(band.y())).addHeader("lines", Integer.toString(band.lines()));
      if (band.index() == 0) {
        d.addHeader("som", "true");
      }
      if (band.last()) {
        d.addHeader("eom", "true");
      }
      vertx.eventBus().send(replyTo, Buffer.buffer(band.bytes()), d);
    }).onSuccess(out -> {
      JsonObject reply = summary(out);
      if (replyTo == null) {
        JsonArray arr = new JsonArray();
        for (Band b : collected) {
          arr.add(new JsonObject().put("index", b.index()).put("y", b.y()).put("lines", b.lines())
              .put("last", b.last()).put("data", b.bytes()));
        }
        reply.put("bands", arr);
      }
      msg.reply(reply);
    }).onFailure(e -> msg.fail(status(e), e.getMessage()));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static JsonObject summary(Rendered out) {
    Panel p = out.panel();
    return new JsonObject().put("panel", p.name()).put("width", p.width()).put("height", p.height())
        .put("rotation", p.rotation()).put("format", p.format().confName()).put("bytes", out.bufferLength())
        .put("etag", out.etag()).put("warnings", new JsonArray(out.warnings()));
  }

  // ------------------------------------------------------------------ HTTP

  private void onHttp(HttpServerRequest req) {
    String path = req.path();
    if (!path.startsWith("/display/") || path.length() == "/display/".length()) {
      req.response().setStatusCode(404).end("not found: use /display/{panel}\n");
      return;
    }
    String panel = java.net.URLDecoder.decode(path.substring("/display/".length()), StandardCharsets.UTF_8);
    if (req.method() == io.vertx.core.http.HttpMethod.GET) {
      String url = req.getParam("url");
      if (url == null) {
        error(req, new DisplayException("request", "?url= is required (or POST the HTML)"));
        return;
      }
      render(req, panel, PageSource.url(url));
    } else if (req.method() == io.vertx.core.http.HttpMethod.POST) {
      req.body().onFailure(e -> error(req, e)).onSuccess(b -> {
        if (b.length() > options.limits().maxPageBytes()) {
          error(req, new DisplayException("fetch.size", "the posted page is " + b.length()
              + " bytes, over the limit of " + options.limits().maxPageBytes()));
          return;
        }
        render(req, panel, PageSource.html(b.toString(StandardCharsets.UTF_8), req.getParam("base")));
      });
    } else {
      req.response().setStatusCode(405).putHeader("Allow", "GET, POST").end();
    }
  }

  private void render(HttpServerRequest req, String panel, PageSource src) {
    Request r;
    try {
      r = new Request(src, panel, renderOptions(req.getParam("dither"), req.getParam("gamma"),
          req.getParam("rotate"), req.getParam("bandLines")));
    } catch (RuntimeException e) {
      error(req, e);
      return;
    }
    boolean png = "png".equals(req.getParam("format"));
    run(r, null).onFailure(e -> error(req, e)).onSuccess(out -> {
      String etag = png ? out.etag().replace("\"", "").transform(t -> "\"" + t + "-png\"") : out.etag();
      var resp = req.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache")
          .putHeader("X-Panel", out.panel().name())
          .putHeader("X-Panel-Size", out.panel().width() + "x" + out.panel().height())
          .putHeader("X-Panel-Format", out.panel().format().confName());
      for (String w : out.warnings()) {
        resp.headers().add("X-Display-Warning", w.replaceAll("[\\r\\n]", " "));
      }
      String inm = req.getHeader("If-None-Match");
      if (inm != null && matches(inm, etag)) {
        resp.setStatusCode(304).end();
        return;
      }
      if (png) {
        vertx.executeBlocking(out::previewPng, false).onFailure(e -> error(req, e))
            .onSuccess(bytes -> resp.putHeader("Content-Type", "image/png").end(Buffer.buffer(bytes)));
      } else {
        resp.putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(out.buffer()));
      }
    });
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String t : ifNoneMatch.split(",")) {
      String s = t.trim();
      if (s.startsWith("W/")) {
        s = s.substring(2);
      }
      if (s.equals("*") || s.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static void error(HttpServerRequest req, Throwable e) {
    int status = status(e);
    if (status == 500) {
      LOG.warn("display: request {} failed", req.path(), e);
    }
    if (!req.response().ended()) {
      req.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end(e.getMessage() + "\n");
    }
  }
}
