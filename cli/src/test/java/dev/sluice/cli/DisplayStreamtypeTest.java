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
  record Received(byte[] bytes, List<Integer> flags, List<Integer> sizes) {}

  /**
   * Posts {@link #PAGE} as the "display" streamtype's body and collects the rx until
   * QOS_ACK_REMOTE: the application code of a device, whatever carries its stream.
   */
  private static Received render(SecureStreams ss) throws Exception {
    byte[] html = PAGE.getBytes(StandardCharsets.UTF_8);
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
        if (sent) {
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
    SecureStream s = ss.create("display", java.util.Map.of(), h).await(30, TimeUnit.SECONDS);
    s.requestTx(html.length);
    assertThat(end.get(180, TimeUnit.SECONDS)).isEqualTo(StreamState.QOS_ACK_REMOTE);
    s.destroy().await(10, TimeUnit.SECONDS);
    synchronized (rx) {
      return new Received(rx.toByteArray(), List.copyOf(flags), List.copyOf(sizes));
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
    assertThat(StreamFlags.has(r.flags().get(0), StreamFlags.SOM)).isTrue();
    assertThat(StreamFlags.has(r.flags().get(r.flags().size() - 1), StreamFlags.EOM)).isTrue();
    assertThat(r.flags().stream().filter(f -> StreamFlags.has(f, StreamFlags.SOM)).count()).isEqualTo(1);
    assertThat(r.flags().stream().filter(f -> StreamFlags.has(f, StreamFlags.EOM)).count()).isEqualTo(1);
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
}
