package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.display.DisplayOptions;
import dev.sluice.display.DisplayVerticle;
import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.CallbackResult;
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
 * EOM on the last.
 */
class DisplayStreamtypeTest {

  @TempDir Path dir;

  private static final String PAGE = "<html><head><style>body { margin: 0 } #k { position: absolute; left: 0;"
      + " top: 0; width: 100px; height: 50px; background: #000000 }</style></head><body><div id='k'></div></body></html>";

  @Test
  void bandsArriveAsRxPayloadsWithSomAndEom() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
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

      byte[] html = PAGE.getBytes(StandardCharsets.UTF_8);
      List<Integer> flags = new ArrayList<>();
      ByteArrayOutputStream rx = new ByteArrayOutputStream();
      CompletableFuture<StreamState> end = new CompletableFuture<>();
      StreamHandler h = new StreamHandler() {
        private boolean sent;

        @Override
        public CallbackResult rx(Buffer payload, int f) {
          if (!StreamFlags.has(f, StreamFlags.PERF_JSON)) {
            flags.add(f);
            rx.writeBytes(payload.getBytes());
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
      SecureStream s = SecureStreams.create(vertx).create("display", java.util.Map.of(), h).await(30, TimeUnit.SECONDS);
      s.requestTx(html.length);
      assertThat(end.get(180, TimeUnit.SECONDS)).isEqualTo(StreamState.QOS_ACK_REMOTE);
      byte[] buf = rx.toByteArray();
      assertThat(buf).hasSize(48_000);
      assertThat(buf[0]).isZero();
      assertThat(buf[12]).isEqualTo((byte) 0x0f);
      assertThat(buf[13]).isEqualTo((byte) 0xff);
      assertThat(StreamFlags.has(flags.get(0), StreamFlags.SOM)).isTrue();
      assertThat(StreamFlags.has(flags.get(flags.size() - 1), StreamFlags.EOM)).isTrue();
      assertThat(flags.stream().filter(f -> StreamFlags.has(f, StreamFlags.SOM)).count()).isEqualTo(1);
      s.destroy().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(15, TimeUnit.SECONDS);
    }
  }
}
