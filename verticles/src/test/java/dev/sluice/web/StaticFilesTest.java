package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.CapturedLogs;
import dev.sluice.web.WebFixture.Answer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each static-serving feature of a files mount, over h1 (and h2c where the path differs). */
@ExtendWith(VertxExtension.class)
class StaticFilesTest {

  @TempDir
  Path dir;
  WebFixture web;
  HttpClient h1;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    web = new WebFixture(dir);
    web.deploy(vertx, new JsonObject());
    h1 = WebFixture.h1(vertx);
  }

  private Answer get(String uri, String... headers) throws Exception {
    Map<String, String> h = new java.util.LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return web.get(h1, uri, h);
  }

  @Test
  void aDirectoryIsAnsweredWithItsIndexAndWithoutItsSlashIsRedirectedToIt() throws Exception {
    Answer root = get("/");
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.bytes()).isEqualTo(web.index);
    assertThat(root.header("content-type")).isEqualTo("text/html; charset=utf-8");
    Answer noSlash = get("/sub?x=1");
    assertThat(noSlash.status()).isEqualTo(301);
    assertThat(noSlash.header("location")).isEqualTo("/sub/?x=1");
    assertThat(get("/sub/").bytes()).isEqualTo(web.subIndex);
  }

  @Test
  void theContentTypeComesFromTheExtension() throws Exception {
    assertThat(get("/style.css").header("content-type")).isEqualTo("text/css; charset=utf-8");
    assertThat(get("/app.js").header("content-type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(get("/data.json").header("content-type")).isEqualTo("application/json");
    Answer png = get("/image.png");
    assertThat(png.header("content-type")).isEqualTo("image/png");
    assertThat(png.bytes()).isEqualTo(web.png);
    assertThat(get("/noext").header("content-type")).isEqualTo("application/octet-stream");
  }

  @Test
  void aSingleRangeGets206WithItsContentRange() throws Exception {
    int n = web.text.length;
    Answer a = get("/text.txt", "range", "bytes=10-19");
    assertThat(a.status()).isEqualTo(206);
    assertThat(a.header("content-range")).isEqualTo("bytes 10-19/" + n);
    assertThat(a.bytes()).isEqualTo(Arrays.copyOfRange(web.text, 10, 20));
    Answer suffix = get("/text.txt", "range", "bytes=-5");
    assertThat(suffix.header("content-range")).isEqualTo("bytes " + (n - 5) + "-" + (n - 1) + "/" + n);
    assertThat(suffix.bytes()).isEqualTo(Arrays.copyOfRange(web.text, n - 5, n));
    // From the file on disk rather than memory (the file is bigger than what is kept).
    Answer big = get("/big.bin", "range", "bytes=100000-100999");
    assertThat(big.status()).isEqualTo(206);
    assertThat(big.bytes()).isEqualTo(Arrays.copyOfRange(web.big, 100_000, 101_000));
  }

  @Test
  void severalRangesGetAMultipartBodyWithEachPartAndItsRange() throws Exception {
    for (String file : new String[] {"/text.txt", "/big.bin"}) {
      byte[] content = file.equals("/text.txt") ? web.text : web.big;
      Answer a = get(file, "range", "bytes=0-3, 20-29");
      assertThat(a.status()).isEqualTo(206);
      String type = a.header("content-type");
      assertThat(type).startsWith("multipart/byteranges; boundary=");
      String boundary = type.substring(type.indexOf('=') + 1);
      String body = a.body().toString(StandardCharsets.ISO_8859_1);
      String first = new String(content, 0, 4, StandardCharsets.ISO_8859_1);
      String second = new String(content, 20, 10, StandardCharsets.ISO_8859_1);
      assertThat(body).isEqualTo("--" + boundary + "\r\ncontent-type: " + a.header("content-type").replaceAll(".*", "")
          .concat(file.endsWith(".txt") ? "text/plain; charset=utf-8" : "application/octet-stream")
          + "\r\ncontent-range: bytes 0-3/" + content.length + "\r\n\r\n" + first + "\r\n--" + boundary
          + "\r\ncontent-type: " + (file.endsWith(".txt") ? "text/plain; charset=utf-8" : "application/octet-stream")
          + "\r\ncontent-range: bytes 20-29/" + content.length + "\r\n\r\n" + second + "\r\n--" + boundary + "--\r\n");
    }
  }

  @Test
  void aRangeOutsideTheFileGets416WithTheLengthAndAMalformedOneIsIgnored() throws Exception {
    Answer a = get("/text.txt", "range", "bytes=99999-");
    assertThat(a.status()).isEqualTo(416);
    assertThat(a.header("content-range")).isEqualTo("bytes */" + web.text.length);
    Answer bad = get("/text.txt", "range", "bytes=abc");
    assertThat(bad.status()).isEqualTo(200);
    assertThat(bad.bytes()).isEqualTo(web.text);
    // An If-Range that no longer names the file gets the whole file.
    Answer stale = get("/text.txt", "range", "bytes=0-1", "if-range", "\"other\"");
    assertThat(stale.status()).isEqualTo(200);
  }

  @Test
  void anEtagInIfNoneMatchGets304AndAnotherGetsTheFile() throws Exception {
    Answer first = get("/index.html");
    String etag = first.header("etag");
    assertThat(etag).startsWith("\"").endsWith("\"");
    Answer again = get("/index.html", "if-none-match", etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body().length()).isZero();
    assertThat(again.header("etag")).isEqualTo(etag);
    assertThat(get("/index.html", "if-none-match", "W/" + etag).status()).isEqualTo(304);
    assertThat(get("/index.html", "if-none-match", "\"other\"").status()).isEqualTo(200);
  }

  @Test
  void ifModifiedSinceTheFileTimeGets304AndAnOlderDateGetsTheFile() throws Exception {
    String lm = get("/style.css").header("last-modified");
    assertThat(lm).endsWith("GMT");
    assertThat(get("/style.css", "if-modified-since", lm).status()).isEqualTo(304);
    assertThat(get("/style.css", "if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT").status()).isEqualTo(200);
    assertThat(get("/style.css", "if-modified-since", "yesterday").status()).isEqualTo(200);
  }

  @Test
  void precompressedSiblingsAreSentWhenAcceptedWithVary() throws Exception {
    Answer gz = get("/text.txt", "accept-encoding", "gzip");
    assertThat(gz.header("content-encoding")).isEqualTo("gzip");
    assertThat(gz.bytes()).isEqualTo(WebFixture.gzip(web.text));
    assertThat(gz.header("vary")).isEqualTo("accept-encoding");
    assertThat(gz.header("content-type")).isEqualTo("text/plain; charset=utf-8");
    Answer br = get("/text.txt", "accept-encoding", "gzip, deflate, br");
    assertThat(br.header("content-encoding")).isEqualTo("br");
    assertThat(br.bytes()).isEqualTo(web.textBr);
    Answer refused = get("/text.txt", "accept-encoding", "br;q=0, gzip;q=0");
    assertThat(refused.header("content-encoding")).isNull();
    assertThat(refused.bytes()).isEqualTo(web.text);
    assertThat(refused.header("vary")).isEqualTo("accept-encoding");
    assertThat(get("/text.txt").bytes()).isEqualTo(web.text);
    // Each representation has its own ETag.
    assertThat(gz.header("etag")).isNotEqualTo(br.header("etag")).isNotEqualTo(refused.header("etag"));
    assertThat(get("/index.html", "accept-encoding", "gzip").header("vary")).isNull();
  }

  @Test
  void theMountsCacheControlIsSent() throws Exception {
    assertThat(get("/style.css").header("cache-control")).isEqualTo("max-age=60");
    assertThat(get("/small/style.css").header("cache-control")).isNull();
  }

  @Test
  void aFileBiggerThanWhatIsKeptInMemoryArrivesIntactOverH1AndH2c(Vertx vertx) throws Exception {
    assertThat(get("/big.bin").bytes()).isEqualTo(web.big);
    Answer h2 = web.get(WebFixture.h2c(vertx), "/big.bin", Map.of());
    assertThat(h2.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(h2.bytes()).isEqualTo(web.big);
    assertThat(web.get(WebFixture.h2c(vertx), "/text.txt", Map.of("range", "bytes=1-2")).bytes())
        .isEqualTo(Arrays.copyOfRange(web.text, 1, 3));
  }

  @Test
  void headGivesTheLengthAndNoBody() throws Exception {
    Answer a = web.call(h1, HttpMethod.HEAD, "/big.bin", Map.of(), null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("content-length")).isEqualTo(Integer.toString(web.big.length));
    assertThat(a.body().length()).isZero();
  }

  @Test
  void aRedirectMountAnswersItsStatusAndLocation() throws Exception {
    for (String uri : new String[] {"/old", "/old/", "/old/some/page?q=1"}) {
      Answer a = get(uri);
      assertThat(a.status()).as(uri).isEqualTo(308);
      assertThat(a.header("location")).isEqualTo("https://example.org/new");
    }
    assertThat(get("/older").status()).as("a prefix only matches whole segments").isEqualTo(404);
  }

  @Test
  void aStreamMountWithoutADispatcherAnswers503NamingTheStreamtype() throws Exception {
    Answer a = get("/api/x");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.body().toString()).contains("streamtype \"api\"");
  }

  @Test
  void aStreamMountHandsTheRequestToTheRegisteredDispatcher(Vertx vertx) throws Exception {
    ServerStreamDispatcher d = (streamtype, req, path) -> {
      if (!streamtype.equals("api")) {
        return Future.failedFuture("unknown streamtype " + streamtype);
      }
      req.response().end(streamtype + " " + path);
      return Future.succeededFuture();
    };
    ServerStreamDispatcher.register(vertx, d);
    try {
      Answer a = get("/api/a/../b");
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body().toString()).isEqualTo("api /b");
    } finally {
      ServerStreamDispatcher.unregister(vertx, d);
    }
    assertThat(ServerStreamDispatcher.lookup(vertx)).isEmpty();
  }

  @Test
  void aStreamMountRunsTheRequestAsAStreamOfTheServedStreamtype(Vertx vertx) throws Exception {
    dev.sluice.test.SluiceTestRuntime.deploy(vertx, dir, """
        {"release": "t1", "product": "test", "schema-version": 1,
         "s": [{"api": {"server": true, "protocol": "h1", "endpoint": "!web", "metadata": [{"mime": ""}]}}]}""");
    dev.sluice.ss.StreamServer served = dev.sluice.ss.SecureStreams.create(vertx).serve("api", s -> new MountedApi(s))
        .await(10, java.util.concurrent.TimeUnit.SECONDS);
    try {
      Answer a = get("/api/items?x=1");
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.header("content-type")).isEqualTo("text/plain");
      assertThat(a.body().toString()).isEqualTo("GET /items?x=1");
    } finally {
      served.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    Answer after = get("/api/items");
    assertThat(after.status()).as("no longer served").isEqualTo(503);
    assertThat(after.body().toString()).contains("streamtype \"api\" is not being served");
  }

  /** Answers each request with its method, path and query, as a server stream. */
  private static final class MountedApi implements dev.sluice.ss.StreamHandler {
    private final dev.sluice.ss.SecureStream stream;
    private String reply;

    MountedApi(dev.sluice.ss.SecureStream stream) {
      this.stream = stream;
    }

    @Override
    public dev.sluice.ss.CallbackResult state(dev.sluice.ss.StreamState state, long ack) {
      if (state == dev.sluice.ss.StreamState.SERVER_TXN) {
        String query = stream.metadata(":query").orElse("");
        reply = stream.metadata(":method").orElse("?") + " " + stream.metadata(":path").orElse("?")
            + (query.isEmpty() ? "" : "?" + query);
        stream.setMetadata("mime", "text/plain");
        stream.serverAck();
        stream.requestTx(reply.length());
      }
      return dev.sluice.ss.CallbackResult.OK;
    }

    @Override
    public dev.sluice.ss.TxResult tx(dev.sluice.ss.TxRequest request) {
      return dev.sluice.ss.TxResult.send(Buffer.buffer(reply),
          dev.sluice.ss.StreamFlags.SOM | dev.sluice.ss.StreamFlags.EOM);
    }
  }

  @Test
  void otherMethodsThanGetAndHeadGet405WithAllow() throws Exception {
    Answer a = web.call(h1, HttpMethod.DELETE, "/index.html", Map.of(), null);
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.header("allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void aBodyOverTheMountsLimitGets413AndTheServerKeepsServing(Vertx vertx) throws Exception {
    Answer a = web.call(h1, HttpMethod.POST, "/small/x", Map.of(), Buffer.buffer(new byte[2000]));
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.body().toString()).contains("request body exceeds 1024 bytes");
    Answer h2 = web.call(WebFixture.h2c(vertx), HttpMethod.POST, "/small/x", Map.of(), Buffer.buffer(new byte[2000]));
    assertThat(h2.status()).isEqualTo(413);
    // Under the limit the body is accepted (and the mount then says what it does with POST).
    assertThat(web.call(h1, HttpMethod.POST, "/small/x", Map.of(), Buffer.buffer(new byte[100])).status()).isEqualTo(405);
    assertThat(get("/index.html").status()).isEqualTo(200);
  }

  @Test
  void symlinksThatLeaveTheRootAre404AndOneInsideIsFollowed() throws Exception {
    try (CapturedLogs logs = new CapturedLogs()) {
      for (String uri : new String[] {"/escape.txt", "/updir/canary.txt", "/updir/etc/passwd", "/updir/"}) {
        Answer a = get(uri);
        assertThat(a.status()).as(uri).isEqualTo(404);
        assertThat(a.body().toString()).doesNotContain(web.canary);
      }
      assertThat(logs.lines()).anyMatch(l -> l.contains("leads outside the root"));
    }
    assertThat(get("/alias.txt").bytes()).isEqualTo(web.text);
  }

  @Test
  void eachAnswerIsLoggedInCombinedFormat() throws Exception {
    try (CapturedLogs logs = new CapturedLogs()) {
      get("/style.css?x=\"1\"", "referer", "http://ref/", "user-agent", "agent \"x\"");
      await().atMost(Duration.ofSeconds(5)).until(() -> logs.lines().stream()
          .anyMatch(l -> l.startsWith("INFO dev.sluice.web.access.test - ")));
      String line = logs.lines().stream().filter(l -> l.startsWith("INFO dev.sluice.web.access.test - "))
          .findFirst().orElseThrow().substring("INFO dev.sluice.web.access.test - ".length());
      assertThat(line).matches("127\\.0\\.0\\.1 - - \\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "
          + "\"GET /style\\.css\\?x=(\\\\x22|%22)1(\\\\x22|%22) HTTP/1\\.1\" 200 20 \"http://ref/\" \"agent \\\\x22x\\\\x22\"");
    }
  }
}
