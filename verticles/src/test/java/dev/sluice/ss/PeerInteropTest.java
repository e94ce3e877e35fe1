package dev.sluice.ss;

import static dev.sluice.ss.StreamState.CONNECTED;
import static dev.sluice.ss.StreamState.DISCONNECTED;
import static dev.sluice.ss.StreamState.QOS_ACK_REMOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.test.NoIllegalTransitions;
import dev.sluice.test.PeerProcess;
import dev.sluice.test.RecordingHandler;
import dev.sluice.test.SluiceTestRuntime;
import dev.sluice.test.TestCerts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client streams against independent servers from Debian: nghttp2's {@code nghttpd} (h2 only, so
 * every success is h2 by construction) over h2c and over TLS with ALPN, and lws's own
 * {@code libwebsockets-test-server} serving its test page over h1, h1 + TLS and h2 + TLS.
 */
@ExtendWith(NoIllegalTransitions.class)
class PeerInteropTest {

  private static final Path LWS_SHARE = Path.of("/usr/share/libwebsockets-test-server");

  @TempDir static Path dir;
  private static Vertx vertx;
  private static SecureStreams ss;
  private static final List<PeerProcess> peers = new ArrayList<>();
  private static PeerProcess nghttpdPlain;
  private static byte[] big;

  @BeforeAll
  static void start() throws Exception {
    Path docroot = Files.createDirectories(dir.resolve("htdocs"));
    Files.writeString(docroot.resolve("small.txt"), "served by nghttpd\n");
    big = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(big);
    Files.write(docroot.resolve("big.bin"), big);
    TestCerts certs = TestCerts.create(Files.createDirectories(dir.resolve("certs")));
    Path[] pem = certs.pem("good");

    nghttpdPlain = peer("/usr/sbin/nghttpd", "nghttp2-server", port -> new String[] {"-v", "--no-tls",
        "-a", "127.0.0.1", "-d", docroot.toString(), Integer.toString(port)});
    PeerProcess nghttpdTls = peer("/usr/sbin/nghttpd", "nghttp2-server", port -> new String[] {"-a", "127.0.0.1",
        "-d", docroot.toString(), Integer.toString(port), pem[0].toString(), pem[1].toString()});
    PeerProcess lwsPlain = peer("/usr/bin/libwebsockets-test-server", "libwebsockets-test-server",
        port -> new String[] {"--port=" + port});
    PeerProcess lwsTls = peer("/usr/bin/libwebsockets-test-server", "libwebsockets-test-server",
        // Its bundled certificate has a key OpenSSL 3 refuses as too small, so it gets ours.
        port -> new String[] {"--port=" + port, "--ssl", "-C", pem[1].toString(), "-K", pem[0].toString()});

    vertx = Vertx.vertx();
    String policy = """
        {"retry": [{"default": {"backoff": [50, 100], "conceal": 2, "jitterpc": 1}}],
         "certs": [{"test_ca": "%s"}],
         "trust_stores": [{"name": "local_test", "stack": ["test_ca"]}],
         "s": [{
           "ng_h2c": {"endpoint": "127.0.0.1", "port": %d, "protocol": "h2", "http_url": "/${file}",
                      "metadata": [{"file": ""}], "retry": "default"},
           "ng_h2_tls": {"endpoint": "localhost", "port": %d, "protocol": "h2", "tls": true,
                         "tls_trust_store": "local_test", "http_url": "/${file}", "metadata": [{"file": ""}],
                         "retry": "default"},
           "lws_h1": {"endpoint": "127.0.0.1", "port": %d, "protocol": "h1", "http_url": "/${file}",
                      "metadata": [{"file": ""}], "retry": "default"},
           "lws_h1_tls": {"endpoint": "localhost", "port": %d, "protocol": "h1", "tls": true,
                          "tls_trust_store": "local_test", "http_url": "/${file}", "metadata": [{"file": ""}],
                          "retry": "default"},
           "lws_h2_tls": {"endpoint": "localhost", "port": %d, "protocol": "h2", "tls": true,
                          "tls_trust_store": "local_test", "http_url": "/${file}", "metadata": [{"file": ""}],
                          "retry": "default"}
         }]}""".formatted(certs.caBase64(),
        nghttpdPlain.port(), nghttpdTls.port(), lwsPlain.port(), lwsTls.port(), lwsTls.port());
    SluiceTestRuntime.deploy(vertx, dir, policy);
    ss = SecureStreams.create(vertx);
  }

  private interface Args {
    String[] forPort(int port);
  }

  private static PeerProcess peer(String binary, String pkg, Args args) throws Exception {
    int port = PeerProcess.freePort();
    PeerProcess p = PeerProcess.start(binary, pkg, port, dir, args.forPort(port));
    peers.add(p);
    return p;
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    for (PeerProcess p : peers) {
      p.close();
    }
  }

  private static Buffer fetch(String streamtype, String file) throws Exception {
    return ss.fetch(streamtype, Map.of("file", file)).await(20, TimeUnit.SECONDS);
  }

  @Test
  void nghttpdServesSmallAndLargeFilesOverH2cAndTls() throws Exception {
    assertThat(fetch("ng_h2c", "small.txt").toString()).isEqualTo("served by nghttpd\n");
    assertThat(fetch("ng_h2c", "big.bin").getBytes()).as("3 MiB across h2 flow-control windows").isEqualTo(big);
    assertThat(fetch("ng_h2_tls", "small.txt").toString()).isEqualTo("served by nghttpd\n");
    assertThat(fetch("ng_h2_tls", "big.bin").getBytes()).isEqualTo(big);
  }

  @Test
  void nghttpdSeesConcurrentStreamsOnOneSession() throws Exception {
    String before = nghttpdPlain.output();
    List<Future<Buffer>> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      all.add(ss.fetch("ng_h2c", Map.of("file", "small.txt")));
    }
    Future.all(all).await(20, TimeUnit.SECONDS);
    assertThat(all).allMatch(f -> f.result().toString().equals("served by nghttpd\n"));
    await().atMost(Duration.ofSeconds(5)).until(() -> nghttpdPlain.output().length() > before.length());
    String during = nghttpdPlain.output().substring(before.length());
    Matcher m = Pattern.compile("\\[id=(\\d+)\\].*recv HEADERS frame").matcher(during);
    List<String> sessions = new ArrayList<>();
    int headers = 0;
    while (m.find()) {
      headers++;
      if (!sessions.contains(m.group(1))) {
        sessions.add(m.group(1));
      }
    }
    assertThat(headers).as("request HEADERS frames nghttpd received").isEqualTo(12);
    assertThat(sessions).as("h2 sessions they arrived on").hasSize(1);
  }

  @Test
  void aMissingFileOnNghttpdIsANackWithItsStatus() throws Exception {
    assertThatThrownBy(() -> fetch("ng_h2c", "nothing-here"))
        .isInstanceOf(StreamFailedException.class).hasMessageContaining("QOS_NACK_REMOTE (404)");
  }

  @Test
  void theLwsTestServerPageArrivesByteForByteOverH1H1TlsAndH2Tls() throws Exception {
    byte[] page = Files.readAllBytes(LWS_SHARE.resolve("test.html"));
    byte[] image = Files.readAllBytes(LWS_SHARE.resolve("leaf.jpg"));
    for (String type : List.of("lws_h1", "lws_h1_tls", "lws_h2_tls")) {
      RecordingHandler h = new RecordingHandler();
      SecureStream s = ss.create(type, Map.of("file", ""), h).await(5, TimeUnit.SECONDS);
      s.requestTx();
      await().atMost(Duration.ofSeconds(20)).until(() -> h.saw(DISCONNECTED));
      assertThat(h.states()).as(type).containsSubsequence(CONNECTED, QOS_ACK_REMOTE, DISCONNECTED);
      assertThat(h.rxBytes()).as(type + " /").isEqualTo(page);
      assertThat(fetch(type, "leaf.jpg").getBytes()).as(type + " /leaf.jpg").isEqualTo(image);
    }
  }
}
