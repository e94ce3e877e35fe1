package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.test.TestCerts;
import dev.sluice.web.ClientProgram.Result;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Independent clients against the web server: curl (h1, h2c prior knowledge, h2 over TLS) and nghttp. */
@ExtendWith(VertxExtension.class)
class PeerClientsTest {

  @TempDir
  Path dir;

  private String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void curlOverH1GetsFilesRangesAndConditionalAnswers(Vertx vertx) throws Exception {
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject());
    Result big = ClientProgram.run(dir, "curl", "curl", "-sS", "--http1.1", url(port, "/big.bin"));
    assertThat(big.exit()).as(big.err()).isZero();
    assertThat(big.out()).isEqualTo(web.big);
    Result range = ClientProgram.run(dir, "curl", "curl", "-sS", "-r", "5-14", url(port, "/text.txt"));
    assertThat(range.out()).isEqualTo(Arrays.copyOfRange(web.text, 5, 15));
    Result gz = ClientProgram.run(dir, "curl", "curl", "-sS", "-H", "Accept-Encoding: gzip", url(port, "/text.txt"));
    assertThat(gz.out()).isEqualTo(WebFixture.gzip(web.text));
    Result lastModified = ClientProgram.run(dir, "curl", "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
        "-z", "Thu, 01 Jan 2099 00:00:00 GMT", url(port, "/index.html"));
    assertThat(lastModified.text()).isEqualTo("304");
    Result status = ClientProgram.run(dir, "curl", "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
        url(port, "/../../etc/passwd"));
    assertThat(status.text()).isEqualTo("404");
  }

  @Test
  void curlWithH2cPriorKnowledgeSpeaksH2(Vertx vertx) throws Exception {
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject());
    Path body = dir.resolve("h2c-body");
    Result r = ClientProgram.run(dir, "curl", "curl", "-sS", "--http2-prior-knowledge", "-o", body.toString(), "-w",
        "%{http_version} %{http_code}", url(port, "/big.bin"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.text()).isEqualTo("2 200");
    assertThat(Files.readAllBytes(body)).isEqualTo(web.big);
  }

  @Test
  void curlAndNghttpOverTlsNegotiateH2ByAlpn(Vertx vertx) throws Exception {
    TestCerts certs = TestCerts.create(dir);
    Path[] pem = certs.pem("good");
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject(), new JsonObject().put("certPem", pem[1].toString())
        .put("keyPem", pem[0].toString()));
    String url = "https://127.0.0.1:" + port + "/index.html";
    Result h2 = ClientProgram.run(dir, "curl", "curl", "-sS", "-k", "--http2", "-w", "\n%{http_version}", url);
    assertThat(h2.exit()).as(h2.err()).isZero();
    assertThat(h2.text()).isEqualTo(new String(web.index, StandardCharsets.UTF_8) + "\n2");
    Result h1 = ClientProgram.run(dir, "curl", "curl", "-sS", "-k", "--http1.1", "-w", "\n%{http_version}", url);
    assertThat(h1.text()).endsWith("\n1.1");
    Result ng = ClientProgram.run(dir, "nghttp2-client", "nghttp", "-v", url);
    assertThat(ng.exit()).as(ng.err()).isZero();
    assertThat(ng.text()).contains("The negotiated protocol: h2", ":status: 200", "test index");
    assertThat(serverSettings(ng.text())).contains("SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100]");
  }

  @Test
  void nghttpOverH2cGetsTheFileAndSeveralStreamsOnOneConnection(Vertx vertx) throws Exception {
    WebFixture web = new WebFixture(dir);
    int port = web.deploy(vertx, new JsonObject());
    Result one = ClientProgram.run(dir, "nghttp2-client", "nghttp", url(port, "/text.txt"));
    assertThat(one.exit()).as(one.err()).isZero();
    assertThat(one.out()).isEqualTo(web.text);
    // Three requests as three streams of one connection, each answered.
    Result many = ClientProgram.run(dir, "nghttp2-client", "nghttp", "-v", "-n", url(port, "/index.html"),
        url(port, "/style.css"), url(port, "/nope"));
    assertThat(many.exit()).as(many.err()).isZero();
    String v = many.text();
    assertThat(v.split("recv SETTINGS frame", -1)).as("one connection").hasSize(3); // ours and the ACK
    assertThat(serverSettings(v)).contains("SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100]");
    assertThat(v).contains(":status: 200").contains(":status: 404");
    assertThat(v.split(":status: 200", -1)).hasSize(3);
  }

  /** The first SETTINGS frame nghttp -v received (the server's), up to the next frame it logs. */
  private static String serverSettings(String verbose) {
    int at = verbose.indexOf("recv SETTINGS frame");
    assertThat(at).as("nghttp received the server's SETTINGS").isNotNegative();
    int next = verbose.indexOf(" frame <", at + "recv SETTINGS frame".length());
    return verbose.substring(at, next < 0 ? verbose.length() : next);
  }
}
