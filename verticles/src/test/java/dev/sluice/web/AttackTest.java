package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.web.RawHttp.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs of lws's {@code scripts/attack.sh} (reliability plan row 7) against one server on raw
 * sockets. Every answer is 400, 404 or 431 (414 for an over-long request line), or a close; a
 * traversal either stays inside the root (and gets a file of the root, as lws serves its default
 * page) or gets 404; the canary next to the root is never sent; and after each input the server
 * still answers a plain GET.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackTest {

  Vertx vertx;
  WebFixture web;
  int port;
  /** Every file of the root: a 200 must carry one of these. */
  List<byte[]> rootFiles = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    web = new WebFixture(dir);
    // Inputs that never finish a request are closed by the idle timeout or the header deadline.
    port = web.deploy(vertx, new JsonObject().put("headerTimeoutMs", 2000).put("idleTimeoutMs", 3000));
    try (Stream<Path> files = Files.walk(web.root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (p.toRealPath().startsWith(web.root.toRealPath())) {
          rootFiles.add(Files.readAllBytes(p));
        }
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void serverStillServes() throws Exception {
    List<Response> r = RawHttp.parse(RawHttp.exchange(port, "GET / HTTP/1.0\r\n\r\n"));
    assertThat(r).hasSize(1);
    assertThat(r.get(0).status()).isEqualTo(200);
    assertThat(r.get(0).body()).isEqualTo(web.index);
  }

  /** Sends {@code request}; returns the first status, or 0 when the server closed without answering. */
  private int send(byte[] request, Set<Integer> allowed) throws Exception {
    byte[] got = RawHttp.exchange(port, request);
    assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain(web.canary);
    if (got.length == 0) {
      return 0;
    }
    List<Response> rs = RawHttp.parse(got);
    assertThat(rs).as("a response").isNotEmpty();
    for (Response r : rs) {
      assertThat(r.status()).as(new String(request, 0, Math.min(80, request.length), StandardCharsets.ISO_8859_1))
          .isIn(allowed);
    }
    return rs.get(0).status();
  }

  private int send(String request) throws Exception {
    return send(request.getBytes(StandardCharsets.ISO_8859_1), Set.of(400, 404, 431));
  }

  @Test
  void queryStringsWithEscapesAndTraversalsInTheArgumentsAreNotFound() throws Exception {
    assertThat(send("GET /cgi-bin/settingsjs?UPDATE_SETTINGS=1&Root_Channels_1_Channel_name_http_post=%3F"
        + "&Root_Channels_1_Channel_location_http_post=%3F HTTP/1.0\r\n\r\n")).isEqualTo(404);
    assertThat(send("GET /cgi-bin/settings.js?key1=value1 HTTP/1.0\r\n\r\n")).isEqualTo(404);
    assertThat(send("GET /t%3dest?key1%3d2=value1 HTTP/1.0\r\n\r\n")).isEqualTo(404);
    // Not an absolute path until decoded: refused as lws's relative-URI case.
    assertThat(send("GET %2f%2e%2e%2f%2e./xxtest.html?arg=1 HTTP/1.0\r\n\r\n")).isIn(400, 404);
    assertThat(send("GET %2f%2e%2e%2f%2e./xxtest.html?arg=/../. HTTP/1.0\r\n\r\n")).isIn(400, 404);
  }

  @Test
  void junkThatIsNotAMethodIsRefusedOrClosed() throws Exception {
    assertThat(send("not GET\n")).isIn(0, 400);
  }

  @Test
  void eightyRandomBytesAreRefusedOrClosed() throws Exception {
    byte[] junk = new byte[80];
    new Random(1).nextBytes(junk);
    assertThat(send(junk, Set.of(400, 404, 431))).isIn(0, 400, 431);
  }

  @Test
  void tenMegabytesOfJunkAreRefusedOrClosed() throws Exception {
    byte[] junk = new byte[10 << 20];
    new Random(2).nextBytes(junk);
    assertThat(send(junk, Set.of(400, 404, 431))).isIn(0, 400, 431);
  }

  @Test
  void malformedMissingAndRepeatedRequestLinesAreRefusedOrClosed() throws Exception {
    assertThat(send("GET nonsense" + ".".repeat(112) + "\n")).isIn(0, 400);
    assertThat(send("GET HTTP/1.0\r\n\r\n")).isIn(0, 400);
    assertThat(send("GET blah HTTP/1.0\r\nGET blah HTTP/1.0\r\n\r\n")).isIn(0, 400);
  }

  @Test
  void aHeaderNameThatNeverEndsAndAnOverlongUriAreRefusedOrClosed() throws Exception {
    assertThat(send("GET blah HTTP/1.0\r\n" + ".".repeat(2023))).isIn(0, 400, 431);
    assertThat(send("GET " + ".".repeat(2023))).isIn(0, 400);
    // Past the request-line limit (4096) Vert.x answers 414 URI Too Long.
    assertThat(send(("GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
        Set.of(400, 414))).isIn(0, 400, 414);
  }

  @Test
  void headersOverTheLimitGet431() throws Exception {
    assertThat(send("GET / HTTP/1.1\r\nhost: x\r\nx-big: " + "b".repeat(9000) + "\r\n\r\n")).isEqualTo(431);
  }

  @Test
  void aGoodRequestFollowedByAnIllegalPayloadIsServedThenRefusedOrClosed() throws Exception {
    byte[] got = RawHttp.exchange(port, "GET /index.html HTTP/1.1\r\nhost: x\r\n\r\nILLEGAL-PAYLOAD" + ".".repeat(40));
    List<Response> rs = RawHttp.parse(got);
    assertThat(rs.get(0).status()).isEqualTo(200);
    assertThat(rs.get(0).body()).isEqualTo(web.index);
    assertThat(rs.stream().skip(1).map(Response::status).toList()).allMatch(s -> s == 400);
  }

  @Test
  void aMissingFileIsNotFoundAndARelativeUriIsRefused() throws Exception {
    assertThat(send("GET /nope HTTP/1.0\r\n\r\n")).isEqualTo(404);
    assertThat(send("GET nope HTTP/1.0\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void theEightDirectoryAttacksOfAttackShStayInsideTheRoot() throws Exception {
    // lws: 1, 7 and 8 must be "not found"; 2 to 6 normalise to "/" and get the default page.
    assertThat(send("GET /../../../../etc/passwd HTTP/1.0\r\n\r\n")).isEqualTo(404);
    for (String uri : new String[] {"/../", "/./", "/blah/..", "/blah/../", "/blah/../."}) {
      List<Response> r = RawHttp.parse(RawHttp.exchange(port, "GET " + uri + " HTTP/1.0\r\n\r\n"));
      assertThat(r.get(0).status()).as(uri).isEqualTo(200);
      assertThat(r.get(0).body()).as(uri).isEqualTo(web.index);
    }
    assertThat(send("GET /%2e%2e%2f../../../etc/passwd HTTP/1.0\r\n\r\n")).isEqualTo(404);
    assertThat(send("GET %2f%2e%2e%2f%2e./.%2e/.%2e%2fetc/passwd HTTP/1.0\r\n\r\n")).isIn(400, 404);
  }

  @Test
  void encodedNulBackslashesAndBadEscapesAreRefused() throws Exception {
    assertThat(send("GET /index.html%00.png HTTP/1.0\r\n\r\n")).isEqualTo(400);
    assertThat(send("GET /..%5c..%5cetc%5cpasswd HTTP/1.0\r\n\r\n")).isEqualTo(400);
    assertThat(send("GET /%zz HTTP/1.0\r\n\r\n")).isEqualTo(400);
    assertThat(send("GET /%c0%ae%c0%ae/etc/passwd HTTP/1.0\r\n\r\n")).as("overlong UTF-8 dots").isEqualTo(400);
    assertThat(send("GET /updir/canary.txt HTTP/1.0\r\n\r\n")).as("a symlink out of the root").isEqualTo(404);
  }

  @Test
  void eightPipelinedGetsComeBackByteForByte() throws Exception {
    StringBuilder req = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      req.append("GET /text.txt HTTP/1.1\r\nhost: 127.0.0.1\r\n").append(i == 7 ? "connection: close\r\n" : "")
          .append("\r\n");
    }
    List<Response> rs = RawHttp.parse(RawHttp.exchange(port, req.toString()));
    assertThat(rs).hasSize(8);
    for (Response r : rs) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(web.text);
    }
  }

  /** lws's "mass testing uri variations": dot, slash, letter, '?' and '%' around "..". */
  static List<String> uriVariations() {
    List<String> uris = new ArrayList<>();
    for (String prefix : new String[] {"/", "//", "/a", "/w", "/?", "/%", "/."}) {
      for (String middle : new String[] {"..", "...", "../", "/.."}) {
        for (String suffix : new String[] {"", ".", "/", "a", "w", "?", "%", "//"}) {
          uris.add(prefix + middle + suffix);
        }
      }
    }
    return uris;
  }

  @TestFactory
  Stream<DynamicTest> uriVariationsStayInsideTheRoot() {
    return uriVariations().stream().map(uri -> DynamicTest.dynamicTest(uri, () -> {
      byte[] got = RawHttp.exchange(port, "GET " + uri + " HTTP/1.0\r\n\r\n");
      assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain(web.canary);
      if (got.length == 0) {
        return;
      }
      Response r = RawHttp.parse(got).get(0);
      assertThat(r.status()).as(uri).isIn(200, 301, 400, 404);
      if (r.status() == 200) {
        assertThat(rootFiles).as(uri + " serves a file of the root").anyMatch(f -> Arrays.equals(f, r.body()));
      } else if (r.status() == 301) {
        assertThat(r.header("location")).as(uri).startsWith("/").doesNotContain("..");
      }
    }));
  }
}
