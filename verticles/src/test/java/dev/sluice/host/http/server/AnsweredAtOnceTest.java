package dev.sluice.host.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.test.SluiceTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler that answers at SERVER_TXN, before the 200 KB request body has come (an early
 * refusal works the same way): the client gets the answer and is not left waiting to send the
 * rest, the connection goes on serving, and every stream ends with DISCONNECTED and DESTROYING.
 * Real peers: curl over h1 (the server reads what is left and drops it, then the next request
 * reuses the connection) and nghttp over h2c (the server still grants flow-control credit for the
 * body, so the upload completes).
 */
@ExtendWith(VertxExtension.class)
class AnsweredAtOnceTest {

  @TempDir Path dir;
  private StreamServer server;
  private final List<List<StreamState>> streams = new CopyOnWriteArrayList<>();
  private Path body;
  private String base;

  @BeforeEach
  void serve(Vertx vertx) throws Exception {
    SluiceTestRuntime.deploy(vertx, dir, ServerTestPolicy.policy(ServerTestPolicy.server("h2", "")));
    server = SecureStreams.create(vertx).serve("srv", s -> {
      List<StreamState> states = new CopyOnWriteArrayList<>();
      streams.add(states);
      return new StreamHandler() {
        @Override
        public CallbackResult state(StreamState state, long ack) {
          states.add(state);
          if (state == StreamState.SERVER_TXN) {
            s.serverAck();
            s.setMetadata("mime", "text/plain");
            s.requestTx(5);
          }
          return CallbackResult.OK;
        }

        @Override
        public TxResult tx(TxRequest request) {
          return TxResult.send(Buffer.buffer("early"), StreamFlags.SOM | StreamFlags.EOM);
        }
      };
    }).await(10, TimeUnit.SECONDS);
    body = dir.resolve("body.bin");
    Files.write(body, new byte[200_000]);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anH1ConnectionServesTheNextRequestAfterABodyThatWasNotRead() throws Exception {
    String out = PeerCommand.run(dir, "curl", "/usr/bin/curl", "-s", "-S", "-v", "--max-time", "20",
        "--data-binary", "@" + body, base + "/upload", "--next", "-s", "-S", "-v", "--max-time", "20", base + "/next");

    assertThat(out.split("early", -1)).as("both answers arrive:%n%s", out).hasSize(3);
    assertThat(out).as("the second request went over the first one's connection")
        .contains("Re-using existing connection");
    assertStreamsEnded(2);
  }

  @Test
  void anH2StreamAnsweredEarlyStillGetsCreditForItsBodyAndTheConnectionServesOn() throws Exception {
    String out = PeerCommand.run(dir, "nghttp2-client", "/usr/bin/nghttp", "-v", "-t", "15", "-d", body.toString(),
        base + "/upload");

    assertThat(out).contains("early");
    assertThat(out).as("flow-control credit for the rest of the body:%n%s", out)
        .containsPattern("recv WINDOW_UPDATE frame <length=4, flags=0x00, stream_id=[1-9]\\d*>");
    String next = PeerCommand.run(dir, "nghttp2-client", "/usr/bin/nghttp", "-t", "15", base + "/next");
    assertThat(next).isEqualTo("early");
    assertStreamsEnded(2);
  }

  private void assertStreamsEnded(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.size() == n
        && streams.stream().allMatch(st -> st.contains(StreamState.DESTROYING)));
    for (List<StreamState> st : streams) {
      assertThat(st).containsExactly(StreamState.CREATING, StreamState.CONNECTING, StreamState.CONNECTED,
          StreamState.SERVER_TXN, StreamState.DISCONNECTED, StreamState.DESTROYING);
    }
  }

}
