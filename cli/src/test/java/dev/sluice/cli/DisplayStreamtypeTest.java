package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.display.DisplayOptions;
import dev.sluice.display.DisplayVerticle;
import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.proxy.SsProxyOptions;
import dev.sluice.proxy.SsProxyVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The display streamtype: an h1 streamtype pointed at the display service's {@code ?stream=bands}
 * route delivers the packed bands to a Secure Streams client as rx payloads, SOM on the first and
 * EOM on the last: in-process, and for a device that speaks serialized SS through the SS proxy.
 */
class DisplayStreamtypeTest {

  @TempDir Path dir;

  private static final String PAGE = "<html><head><style>body { margin: 0 } #k { position: absolute; left: 0;"
      + " top: 0; width: 100px; height: 50px; background: #000000 }</style></head><body><div id='k'></div></body></html>";

  /** What one stream received: the rx bytes and each rx's flags. */
  record Received(byte[] bytes, List<Integer> flags, List<Integer> sizes, StreamState end) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * Posts {@link #PAGE} as the "display" streamtype's body and collects the rx until
   * QOS_ACK_REMOTE: the application code of a device, whatever carries its stream.
   */
  private static Received render(SecureStreams ss) throws Exception {
    Received r = receive(ss, "display", java.util.Map.of(), PAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(r.end()).isEqualTo(StreamState.QOS_ACK_REMOTE);
    return r;
  }

  /**
   * Opens {@code streamtype} with {@code metadata}, sends {@code html} as its body (or, when null,
   * only connects, as a GET does) and collects the rx until the stream's end.
   */
  private static Received receive(SecureStreams ss, String streamtype, java.util.Map<String, String> metadata,
      byte[] html) throws Exception {
    List<Integer> flags = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    ByteArrayOutputStream rx = new ByteArrayOutputStream();
    CompletableFuture<StreamState> end = new CompletableFuture<>();
    StreamHandler h = new StreamHandler() {
      private boolean sent;

      @Override
      public CallbackResult rx(Buffer payload, int f) {
        if (!StreamFlags.has(f, StreamFlags.PERF_JSON)) {
          flags.add(f);
          sizes.add(payload.length());
          synchronized (rx) {
            rx.writeBytes(payload.getBytes());
          }
        }
        return CallbackResult.OK;
      }

      @Override
      public TxResult tx(TxRequest request) {
        if (sent || html == null) {
          return TxResult.dontSend();
        }
        sent = true;
        return TxResult.send(Buffer.buffer(html), StreamFlags.SOM | StreamFlags.EOM);
      }

      @Override
      public CallbackResult state(StreamState s, long ack) {
        if (s == StreamState.QOS_ACK_REMOTE || s == StreamState.QOS_NACK_REMOTE || s == StreamState.ALL_RETRIES_FAILED
            || s == StreamState.TIMEOUT) {
          end.complete(s);
        }
        return CallbackResult.OK;
      }
    };
    SecureStream s = ss.create(streamtype, metadata, h).await(30, TimeUnit.SECONDS);
    if (html == null) {
      s.connect();
    } else {
      s.requestTx(html.length);
    }
    StreamState last = end.get(180, TimeUnit.SECONDS);
    s.destroy().await(10, TimeUnit.SECONDS);
    synchronized (rx) {
      return new Received(rx.toByteArray(), List.copyOf(flags), List.copyOf(sizes), last);
    }
  }

  /** Starts the display service with HTTP, the policy naming it, and the stream hosts. */
  private DisplayVerticle startService(Vertx vertx) throws Exception {
    DisplayVerticle display = new DisplayVerticle(DisplayOptions.fromJson(
        new JsonObject().put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0)), null));
    vertx.deployVerticle(display).await(30, TimeUnit.SECONDS);
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, """
        {"retry": [{"once": {"backoff": [10], "conceal": 1, "jitterpc": 1}}],
         "s": [{"display": {"endpoint": "127.0.0.1", "port": %d, "protocol": "h1", "http_method": "POST",
                "http_url": "display/epd-7in5?stream=bands&bandLines=48", "retry": "once", "timeout_ms": 120000}}]}
        """.formatted(display.httpPort()));
    vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false)))
        .await(30, TimeUnit.SECONDS);
    vertx.deployVerticle(new StreamHostsVerticle(new JsonObject())).await(30, TimeUnit.SECONDS);
    return display;
  }

  private static void assertPackedPage(Received r) {
    assertThat(r.bytes()).hasSize(48_000);
    assertThat(r.bytes()[0]).isZero();
    assertThat(r.bytes()[12]).isEqualTo((byte) 0x0f);
    assertThat(r.bytes()[13]).isEqualTo((byte) 0xff);
    assertOneSomFirstOneEomLast(r, "epd-7in5");
  }

  private static void assertOneSomFirstOneEomLast(Received r, String what) {
    assertThat(StreamFlags.has(r.flags().get(0), StreamFlags.SOM)).as(what).isTrue();
    assertThat(StreamFlags.has(r.flags().get(r.flags().size() - 1), StreamFlags.EOM)).as(what).isTrue();
    assertThat(r.flags().stream().filter(f -> StreamFlags.has(f, StreamFlags.SOM)).count()).as(what).isEqualTo(1);
    assertThat(r.flags().stream().filter(f -> StreamFlags.has(f, StreamFlags.EOM)).count()).as(what).isEqualTo(1);
  }

  @Test
  void bandsArriveAsRxPayloadsWithSomAndEom() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      startService(vertx);
      assertPackedPage(render(SecureStreams.create(vertx)));
    } finally {
      vertx.close().await(15, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDeviceThroughTheSsProxyReceivesTheSameBytes() throws Exception {
    // The runtime (display service, policy, hosts, SS proxy on a Unix socket) and the device's
    // client in separate Vert.x instances, as two processes: the device speaks serialized SS only.
    Vertx runtime = Vertx.vertx();
    Vertx device = Vertx.vertx();
    try {
      DisplayVerticle display = startService(runtime);
      Path socket = dir.resolve("proxy.sock");
      runtime.deployVerticle(new SsProxyVerticle(new SsProxyOptions().setUds(socket.toString())))
          .await(30, TimeUnit.SECONDS);
      Received proxied = render(SecureStreams.connect(device, ProxyAddress.uds(socket.toString())));
      assertPackedPage(proxied);
      assertThat(proxied.sizes()).as("the proxy re-chunks rx to lws's 1380-byte pieces")
          .allSatisfy(n -> assertThat(n).isBetween(0, 1380)).hasSizeGreaterThan(30);
      // byte for byte what the display service packs for the same page and panel
      Buffer packed = device.createHttpClient().request(io.vertx.core.http.HttpMethod.POST, display.httpPort(),
          "127.0.0.1", "/display/epd-7in5").compose(req -> req.send(PAGE)).compose(resp -> resp.body())
          .await(60, TimeUnit.SECONDS);
      assertThat(proxied.bytes()).isEqualTo(packed.getBytes());
    } finally {
      device.close().await(15, TimeUnit.SECONDS);
      runtime.close().await(15, TimeUnit.SECONDS);
    }
  }

  /** A page with a relative PNG, served by the test's own web server on 127.0.0.1. */
  private static final String BOARD = "<html><head><style>body { margin: 0; font-size: 20px }"
      + " .c { border: 3px solid #000; border-radius: 8px; padding: 6px; margin: 8px; width: 160px }"
      + "</style></head><body><div class='c'>21.5 \u00b0C <img src='dot.png' style='width: 16px; height: 16px'/></div>"
      + "<div class='c' style='background: #ff8000'>rain 40%</div><p>Sluice</p></body></html>";

  private static byte[] dotPng() throws Exception {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        img.setRGB(x, y, (x - 8) * (x - 8) + (y - 8) * (y - 8) < 40 ? 0xff0000ff : 0x00000000);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /**
   * The shipped {@code conf/policy.json} "display" streamtype (GET, {@code ${panel}} and
   * {@code ${page}} in its URL), used as is but for the service's port, by a device that speaks
   * serialized SS to an SS proxy on TCP: the panel and the page URL are the stream's metadata, and
   * for each panel the rx bytes are exactly what the renderer packs for that page and panel.
   */
  @Test
  void theShippedStreamtypeTakesPanelAndPageFromMetadataThroughTheProxy() throws Exception {
    Vertx runtime = Vertx.vertx();
    Vertx device = Vertx.vertx();
    try {
      byte[] png = dotPng();
      java.util.concurrent.atomic.AtomicInteger pageRequests = new java.util.concurrent.atomic.AtomicInteger();
      int sitePort = runtime.createHttpServer().requestHandler(req -> {
        switch (req.path()) {
          case "/site/board.html" -> {
            pageRequests.incrementAndGet();
            req.response().putHeader("content-type", "text/html; charset=utf-8").end(BOARD);
          }
          case "/site/dot.png" -> req.response().putHeader("content-type", "image/png").end(Buffer.buffer(png));
          default -> req.response().setStatusCode(404).end();
        }
      }).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS).actualPort();
      String pageUrl = "http://127.0.0.1:" + sitePort + "/site/board.html";
      JsonObject limits = new JsonObject().put("allowHosts", new io.vertx.core.json.JsonArray().add("127.0.0.1/32"));
      DisplayVerticle display = new DisplayVerticle(DisplayOptions.fromJson(new JsonObject()
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0)).put("limits", limits), null));
      runtime.deployVerticle(display).await(30, TimeUnit.SECONDS);

      // the shipped streamtype and retry table, only the port changed to the test's service
      JsonObject shipped = new JsonObject(Files.readString(Path.of(System.getProperty("user.dir"))
          .resolveSibling("conf").resolve("policy.json")));
      JsonObject type = shipped.getJsonArray("s").stream().map(JsonObject.class::cast)
          .filter(o -> o.containsKey("display")).findFirst().orElseThrow().getJsonObject("display").copy();
      assertThat(type.getString("http_url")).contains("${panel}", "${page}");
      type.put("port", display.httpPort());
      Path policy = dir.resolve("policy.json");
      Files.writeString(policy, new JsonObject().put("retry", shipped.getJsonArray("retry"))
          .put("s", new io.vertx.core.json.JsonArray().add(new JsonObject().put("display", type))).encode());
      runtime.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false)))
          .await(30, TimeUnit.SECONDS);
      runtime.deployVerticle(new StreamHostsVerticle(new JsonObject())).await(30, TimeUnit.SECONDS);
      SsProxyVerticle proxy = new SsProxyVerticle(new SsProxyOptions().setUds(null).setTcpHost("127.0.0.1")
          .setTcpPort(0));
      runtime.deployVerticle(proxy).await(30, TimeUnit.SECONDS);

      SecureStreams ss = SecureStreams.connect(device, ProxyAddress.tcp("127.0.0.1", proxy.tcpPort()));
      dev.sluice.display.DisplayRenderer renderer = new dev.sluice.display.DisplayRenderer(runtime,
          dev.sluice.display.Panels.builtIn(), dev.sluice.display.DisplayLimits.fromJson(limits));
      try {
        for (String panel : List.of("spd1656", "ssd1675b", "epd-7in5")) {
          Received r = receive(ss, "display", java.util.Map.of("panel", panel,
              "page", java.net.URLEncoder.encode(pageUrl, StandardCharsets.UTF_8)), null);
          dev.sluice.display.Rendered expected = renderer.renderBlocking(dev.sluice.display.PageSource.url(pageUrl),
              panel, dev.sluice.display.RenderOptions.defaults());
          assertThat(r.end()).as(panel).isEqualTo(StreamState.QOS_ACK_REMOTE);
          assertThat(expected.warnings()).as("the PNG was fetched and drawn").isEmpty();
          assertThat(r.bytes()).as(panel).hasSize(expected.bufferLength()).isEqualTo(expected.buffer());
          assertThat(r.sizes()).as(panel).allSatisfy(n -> assertThat(n).isBetween(0, 1380));
          assertOneSomFirstOneEomLast(r, panel);
        }
        // a two-plane panel: the rx bytes are the bands in order (each band's B/W rows, then its red
        // rows), the same bytes as the buffer, band-major instead of plane-major
        ByteArrayOutputStream bands = new ByteArrayOutputStream();
        dev.sluice.display.Rendered bwr = renderer.render(dev.sluice.display.PageSource.url(pageUrl), "uc8176-bwr",
            dev.sluice.display.RenderOptions.defaults(), b -> bands.writeBytes(b.bytes())).await(60, TimeUnit.SECONDS);
        Received planes = receive(ss, "display", java.util.Map.of("panel", "uc8176-bwr",
            "page", java.net.URLEncoder.encode(pageUrl, StandardCharsets.UTF_8)), null);
        assertThat(planes.end()).isEqualTo(StreamState.QOS_ACK_REMOTE);
        assertThat(planes.bytes()).hasSize(bwr.bufferLength()).isEqualTo(bands.toByteArray());
        assertThat(planes.bytes()).as("band-major differs from the plane-major buffer").isNotEqualTo(bwr.buffer());
        assertOneSomFirstOneEomLast(planes, "uc8176-bwr");
        // a page the service's limits refuse (a host off the allow-list): the device's stream
        // ends QOS_NACK_REMOTE with the rule as the body, and nothing was fetched
        Received refused = receive(ss, "display", java.util.Map.of("panel", "epd-7in5",
            "page", java.net.URLEncoder.encode("http://127.0.0.2:" + sitePort + "/site/board.html", StandardCharsets.UTF_8)),
            null);
        assertThat(refused.end()).isEqualTo(StreamState.QOS_NACK_REMOTE);
        assertThat(refused.text()).startsWith("fetch.host");
        // an unknown panel: the same, naming the valid ones
        Received unknown = receive(ss, "display", java.util.Map.of("panel", "epd-99",
            "page", java.net.URLEncoder.encode(pageUrl, StandardCharsets.UTF_8)), null);
        assertThat(unknown.end()).isEqualTo(StreamState.QOS_NACK_REMOTE);
        assertThat(unknown.text()).contains("epd-99", "epd-7in5");
        assertThat(pageRequests.get()).as("one fetch by the service and one by the reference render per panel")
            .isEqualTo(8);
      } finally {
        renderer.close();
      }
    } finally {
      device.close().await(15, TimeUnit.SECONDS);
      runtime.close().await(15, TimeUnit.SECONDS);
    }
  }
}
