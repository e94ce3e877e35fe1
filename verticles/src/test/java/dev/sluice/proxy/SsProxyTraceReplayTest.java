package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.test.Corpus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our proxy verticle, given over a real socket the client-to-proxy frames of a session recorded
 * between lws's own client and lws's own proxy (with a policy whose streamtype points at a local
 * test server serving what lws's httpbin served), answers with the recorded frame sequence:
 * CREATE_RESULT, CONNSTATEs and METADATA byte for byte, and the same payload with SOM first and
 * EOM last (how the payload is cut into RX_PAYLOAD frames depends on the onward reads).
 */
class SsProxyTraceReplayTest {

  @TempDir Path dir;
  private Vertx serverVertx;
  private ProxyFixture fx;

  @AfterEach
  void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
    if (serverVertx != null) {
      serverVertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"01-get-hello_world.json", "02-post-http-post.json",
      "04b-fail-unknown-streamtype-handmade.json", "05-uds-get-hello_world.json"})
  void ourProxyAnswersTheRecordedClientWithTheRecordedFrames(String file) throws Exception {
    JsonObject trace = new JsonObject(Files.readString(Corpus.dir("sss-traces").resolve(file)));
    serverVertx = Vertx.vertx();
    // lws's httpbin /bytes/2000 as the recordings saw it: 2000 'A', text/plain. For the POST the
    // recording has no rx METADATA: its policy names the header "Content-Type:", which lws's
    // lower-case header lookup never matches; Sluice matches header names as HTTP says, without
    // case, so here the POST's answer carries no content-type (docs/proxy.md, differences).
    HttpServer server = serverVertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> {
      if (r.method().name().equals("GET")) {
        r.response().putHeader("content-type", "text/plain");
      }
      r.response().end("A".repeat(2000));
    }));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    fx = ProxyFixture.start(dir, policy(trace, server.actualPort()));

    SocketAddress address = trace.getString("carrier").equals("uds")
        ? SocketAddress.domainSocketAddress("\0" + fx.abstractName.substring(1))
        : SocketAddress.inetSocketAddress(fx.proxy.tcpPort(), "127.0.0.1");
    List<String> expected = new ArrayList<>();
    try (RawSssPeer peer = RawSssPeer.connect(fx.clientVertx, address)) {
      for (Object o : trace.getJsonArray("frames")) {
        JsonObject frame = (JsonObject) o;
        if (frame.getInteger("conn", 0) != 0) {
          continue;
        }
        if (frame.getString("dir").equals("p2c")) {
          expected.add(frame.getString("hex"));
        } else {
          if (frame.getString("name").equals("TX_PAYLOAD")) {
            peer.awaitFrame("5700050500000000"); // lws's client sends payload once CONNECTED
          }
          peer.send(frame.getString("hex"));
        }
      }
      String last = expected.get(expected.size() - 1);
      if (last.startsWith("5600050100")) {
        peer.awaitClosed(); // a refused streamtype: the proxy hangs up after CREATE_RESULT
      } else {
        peer.awaitFrame(last); // the lws client closes once it has seen DISCONNECTED
      }
      assertThat(normalise(peer.frames)).isEqualTo(normalise(expected));
    }
  }

  /** The trace's streamtype entry, pointed at the local server without TLS. */
  private static String policy(JsonObject trace, int port) {
    JsonObject types = trace.getJsonObject("proxy_policy_streamtype", new JsonObject()).copy();
    for (String name : types.fieldNames()) {
      JsonObject t = types.getJsonObject(name);
      t.put("endpoint", "127.0.0.1").put("port", port).remove("tls");
      t.remove("tls_trust_store");
      t.put("retry", "r");
    }
    return new JsonObject().put("retry", new JsonArray().add(new JsonObject().put("r",
        new JsonObject().put("backoff", new JsonArray().add(100)).put("conceal", 1).put("jitterpc", 1))))
        .put("s", new JsonArray().add(types)).encode();
  }

  /**
   * The frames with each run of RX_PAYLOAD frames folded into one entry: the payload, and
   * whether the run starts with SOM and ends with EOM. Everything else stays byte for byte.
   */
  private static List<String> normalise(List<String> frames) {
    List<String> out = new ArrayList<>();
    StringBuilder payload = null;
    String firstFlags = null;
    String lastFlags = null;
    for (String f : frames) {
      if (f.startsWith("55")) {
        if (payload == null) {
          payload = new StringBuilder();
          firstFlags = f.substring(6, 14);
        }
        lastFlags = f.substring(6, 14);
        payload.append(f.substring(38));
        continue;
      }
      if (payload != null) {
        out.add(rx(payload, firstFlags, lastFlags));
        payload = null;
      }
      // QOS_ACK_REMOTE's ack: lws's h1 reports 0, Sluice's the HTTP status (200); the proxy
      // forwards what its host reports (docs/proxy.md, differences)
      out.add(f.startsWith("5700050a") ? "5700050a (ack)" : f);
    }
    if (payload != null) {
      out.add(rx(payload, firstFlags, lastFlags));
    }
    return out;
  }

  private static String rx(StringBuilder payload, String first, String last) {
    boolean som = (Integer.parseInt(first, 16) & 1) != 0;
    boolean eom = (Integer.parseInt(last, 16) & 2) != 0;
    return "RX " + payload.length() / 2 + " bytes " + (som ? "SOM" : "") + "..." + (eom ? "EOM" : "")
        + " " + payload;
  }
}
