package dev.sluice.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The event-bus and HTTP surfaces of the display service, with errors that leave it serving. */
@ExtendWith(VertxExtension.class)
class DisplayVerticleTest {

  private TestSite site;
  private DisplayVerticle verticle;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    site = new TestSite("127.0.0.1").start(vertx);
    JsonObject conf = new JsonObject().put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("limits", new JsonObject().put("allowHosts", new JsonArray().add("127.0.0.1")).put("fetchTimeoutMs", 30000));
    verticle = new DisplayVerticle(DisplayOptions.fromJson(conf, null));
    await(vertx.deployVerticle(verticle));
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    await(http.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
  }

  private record Answer(int status, io.vertx.core.MultiMap headers, Buffer body) {}

  private Answer get(String uri, String ifNoneMatch) throws Exception {
    return send(HttpMethod.GET, uri, ifNoneMatch, null);
  }

  private Answer send(HttpMethod m, String uri, String ifNoneMatch, String body) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(m).setHost("127.0.0.1").setPort(verticle.httpPort()).setURI(uri);
    if (ifNoneMatch != null) {
      o.addHeader("If-None-Match", ifNoneMatch);
    }
    return await(http.request(o).compose(r -> body == null ? r.send() : r.send(body))
        .compose(r -> r.body().map(b -> new Answer(r.statusCode(), r.headers(), b))));
  }

  private String page(String name) {
    return URLEncoder.encode(site.url("/pages/" + name), StandardCharsets.UTF_8);
  }

  @Test
  void httpGivesThePackedBufferWithAnEtagAnd304WhenUnchanged() throws Exception {
    Answer a = get("/display/epd-7in5?url=" + page("cards.html"), null);
    assertThat(a.status).isEqualTo(200);
    assertThat(a.body.length()).isEqualTo(48_000);
    assertThat(a.headers.get("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(a.headers.get("X-Panel-Format")).isEqualTo("mono1");
    String etag = a.headers.get("ETag");
    assertThat(etag).isEqualTo(Rendered.etagOf(a.body.getBytes()));
    Answer again = get("/display/epd-7in5?url=" + page("cards.html"), etag);
    assertThat(again.status).isEqualTo(304);
    assertThat(again.body.length()).isZero();
    // another picture: another ETag, and the old one no longer matches
    Answer other = get("/display/epd-7in5?url=" + page("table.html"), etag);
    assertThat(other.status).isEqualTo(200);
    assertThat(other.headers.get("ETag")).isNotEqualTo(etag);
    // the same page dithered otherwise is another picture too
    assertThat(get("/display/epd-7in5?dither=atkinson&url=" + page("cards.html"), etag).status).isEqualTo(200);
  }

  @Test
  void streamBandsWritesTheBandsAsChunksWithTheEtagAsATrailer() throws Exception {
    RequestOptions o = new RequestOptions().setHost("127.0.0.1").setPort(verticle.httpPort())
        .setURI("/display/epd-7in5?stream=bands&bandLines=48&url=" + page("cards.html"));
    List<Integer> chunks = new ArrayList<>();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    HttpClientResponse resp = await(http.request(o).compose(r -> r.send()).compose(r -> {
      r.handler(b -> {
        chunks.add(b.length());
        all.writeBytes(b.getBytes());
      });
      return r.end().map(v -> r);
    }));
    assertThat(resp.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(all.size()).isEqualTo(48_000);
    assertThat(resp.trailers().get("ETag")).isEqualTo(Rendered.etagOf(all.toByteArray()));
    assertThat(chunks).isNotEmpty();
  }

  @Test
  void formatPngIsThePreviewAndPostTakesHtml() throws Exception {
    Answer png = get("/display/spd1656?format=png&url=" + page("cards.html"), null);
    assertThat(png.status).isEqualTo(200);
    assertThat(png.headers.get("Content-Type")).isEqualTo("image/png");
    var img = ImageIO.read(new ByteArrayInputStream(png.body.getBytes()));
    assertThat(img.getWidth()).isEqualTo(600);
    assertThat(img.getRGB(300, 270) & 0xffffff).isEqualTo(0xff0000);
    assertThat(get("/display/spd1656?format=png&url=" + page("cards.html"), png.headers.get("ETag")).status)
        .isEqualTo(304);
    Answer posted = send(HttpMethod.POST, "/display/ssd1306", null,
        "<html><head><style>body { margin: 0 } div { width: 128px; height: 64px; background: #000000 }</style>"
        + "</head><body><div></div></body></html>");
    assertThat(posted.status).isEqualTo(200);
    assertThat(posted.body.getBytes()).hasSize(1024).containsOnly((byte) 0);
  }

  @Test
  void errorsNameTheirRuleAndTheServiceKeepsServing() throws Exception {
    Answer unknown = get("/display/nope?url=" + page("cards.html"), null);
    assertThat(unknown.status).isEqualTo(404);
    assertThat(unknown.body.toString()).startsWith("panel.unknown: no panel \"nope\" (valid: ili9341, gc9a01a");
    Answer bad = get("/display/epd-7in5?dither=fancy&url=" + page("cards.html"), null);
    assertThat(bad.status).isEqualTo(400);
    assertThat(bad.body.toString()).contains("unknown dither \"fancy\"");
    assertThat(get("/display/epd-7in5?rotate=45&url=x", null).body.toString()).startsWith("options.rotation");
    Answer ssrf = get("/display/epd-7in5?url=" + URLEncoder.encode("http://169.254.169.254/", StandardCharsets.UTF_8), null);
    assertThat(ssrf.status).isEqualTo(403);
    assertThat(ssrf.body.toString()).startsWith("fetch.host: ");
    Answer file = get("/display/epd-7in5?url=file:///etc/passwd", null);
    assertThat(file.status).isEqualTo(403);
    assertThat(file.body.toString()).startsWith("fetch.scheme: ");
    Answer missing = get("/display/epd-7in5?url=" + page("nothing.html"), null);
    assertThat(missing.status).isEqualTo(422);
    assertThat(missing.body.toString()).startsWith("fetch.status: ");
    assertThat(get("/display/epd-7in5", null).status).isEqualTo(400);
    assertThat(get("/display/epd-7in5?url=" + page("table.html"), null).status).isEqualTo(200);
  }

  @Test
  void theEventBusRepliesWithBandsOrStreamsThemToTheRequester(Vertx vertx) throws Exception {
    JsonObject req = new JsonObject().put("panel", "epd-7in5").put("url", site.url("/pages/table.html"))
        .put("bandLines", 120);
    Message<JsonObject> reply = await(vertx.eventBus().request(DisplayOptions.DEFAULT_ADDRESS, req));
    JsonObject body = reply.body();
    assertThat(body.getString("format")).isEqualTo("mono1");
    JsonArray bands = body.getJsonArray("bands");
    assertThat(bands).hasSize(4);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    bands.forEach(b -> all.writeBytes(((JsonObject) b).getBinary("data")));
    assertThat(Rendered.etagOf(all.toByteArray())).isEqualTo(body.getString("etag"));

    List<Message<Buffer>> streamed = new ArrayList<>();
    CompletableFuture<Void> eom = new CompletableFuture<>();
    vertx.eventBus().<Buffer>consumer("test.bands", m -> {
      streamed.add(m);
      if ("true".equals(m.headers().get("eom"))) {
        eom.complete(null);
      }
    });
    Message<JsonObject> summary = await(vertx.eventBus().request(DisplayOptions.DEFAULT_ADDRESS,
        req.copy().put("replyTo", "test.bands")));
    eom.get(30, TimeUnit.SECONDS);
    assertThat(summary.body().containsKey("bands")).isFalse();
    assertThat(streamed).hasSize(4);
    assertThat(streamed.get(0).headers().get("som")).isEqualTo("true");
    assertThat(streamed.get(1).headers().get("som")).isNull();
    assertThat(streamed.get(2).headers().get("y")).isEqualTo("240");
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    streamed.forEach(m -> s.writeBytes(m.body().getBytes()));
    assertThat(s.toByteArray()).isEqualTo(all.toByteArray());

    ReplyException e = (ReplyException) org.assertj.core.api.Assertions.catchThrowable(() -> await(
        vertx.eventBus().request(DisplayOptions.DEFAULT_ADDRESS, new JsonObject().put("panel", "x").put("html", "<p>"))))
        .getCause();
    assertThat(e.failureCode()).isEqualTo(404);
    assertThat(e.getMessage()).startsWith("panel.unknown");
    ReplyException e2 = (ReplyException) org.assertj.core.api.Assertions.catchThrowable(() -> await(
        vertx.eventBus().request(DisplayOptions.DEFAULT_ADDRESS, new JsonObject().put("panel", "epd-7in5"))))
        .getCause();
    assertThat(e2.failureCode()).isEqualTo(400);
  }
}
