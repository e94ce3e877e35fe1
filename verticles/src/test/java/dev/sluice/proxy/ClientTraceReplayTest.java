package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.ProxyAddress;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.test.Corpus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client ({@code SecureStreams.connect}) against a scripted proxy on a real Unix socket that
 * answers with the proxy-to-client frames lws's proxy sent in a recorded session (after each
 * client frame, the frames the recording shows next): the application sees lws's client states
 * and the payload, and our client writes the recorded client frames' types in order.
 */
class ClientTraceReplayTest {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private Vertx vertx;
  private NetServer server;
  private final List<String> clientFrameTypes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Serves the trace's proxy frames: after the n-th client frame, the n-th batch. */
  private SocketAddress scriptedProxy(String file) throws Exception {
    JsonObject trace = new JsonObject(Files.readString(Corpus.dir("sss-traces").resolve(file)));
    List<List<String>> batches = new ArrayList<>();
    for (Object o : trace.getJsonArray("frames")) {
      JsonObject f = (JsonObject) o;
      if (f.getString("dir").equals("c2p")) {
        batches.add(new ArrayList<>());
      } else {
        batches.get(batches.size() - 1).add(f.getString("hex"));
      }
    }
    Path socket = dir.resolve("scripted.sock");
    server = vertx.createNetServer().connectHandler(s -> serve(s, new ArrayDeque<>(batches)));
    server.listen(SocketAddress.domainSocketAddress(socket.toString())).await(10, TimeUnit.SECONDS);
    return SocketAddress.domainSocketAddress(socket.toString());
  }

  private void serve(NetSocket socket, Deque<List<String>> batches) {
    Buffer[] pending = {Buffer.buffer()};
    socket.handler(bytes -> {
      pending[0].appendBuffer(bytes);
      while (pending[0].length() >= 3 && pending[0].length() >= 3 + pending[0].getUnsignedShort(1)) {
        int length = pending[0].getUnsignedShort(1);
        clientFrameTypes.add(String.format("%02x", pending[0].getUnsignedByte(0)));
        pending[0] = pending[0].getBuffer(3 + length, pending[0].length());
        List<String> batch = batches.poll();
        if (batch != null) {
          batch.forEach(hex -> socket.write(Buffer.buffer(HEX.parseHex(hex))));
        }
      }
    });
  }

  @Test
  void aRecordedGetGivesLwsClientStatesAndTheWholeBody() throws Exception {
    SocketAddress at = scriptedProxy("01-get-hello_world.json");
    Recorder r = new Recorder(null);
    SecureStreams ss = SecureStreams.connect(vertx, ProxyAddress.uds(at.path()));
    SecureStream s = ss.create("sx-hello_world", r).await(10, TimeUnit.SECONDS);
    s.requestTx();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> r.states.contains(StreamState.DISCONNECTED));
    assertThat(r.states).containsExactly(StreamState.CREATING, StreamState.CONNECTING, StreamState.CONNECTED,
        StreamState.QOS_ACK_REMOTE, StreamState.DISCONNECTED);
    assertThat(r.body()).isEqualTo("A".repeat(2000));
    assertThat(r.firstFlags & StreamFlags.SOM).isNotZero();
    assertThat(r.lastFlags & StreamFlags.EOM).isNotZero();
    assertThat(s.metadata("ctype")).contains("text/plain");
    assertThat(clientFrameTypes).containsExactly("aa", "ab");
  }

  @Test
  void aRecordedPostSendsMetadataLengthHintThenPayloadInLwsSizedFrames() throws Exception {
    SocketAddress at = scriptedProxy("02-post-http-post.json");
    Recorder r = new Recorder(Buffer.buffer(new byte[5970]));
    SecureStreams ss = SecureStreams.connect(vertx, ProxyAddress.uds(at.path()));
    SecureStream s = ss.create("minpost", Map.of("ctype", "multipart/form-data;boundary=\"boundary\""), r)
        .await(10, TimeUnit.SECONDS);
    s.requestTx(5970);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> r.states.contains(StreamState.DISCONNECTED));
    assertThat(r.states).containsExactly(StreamState.CREATING, StreamState.POLL, StreamState.CONNECTING,
        StreamState.CONNECTED, StreamState.QOS_ACK_REMOTE, StreamState.DISCONNECTED);
    assertThat(r.body()).hasSize(2000);
    // as lws's client: STREAMTYPE, METADATA, PAYLOAD_LENGTH_HINT, ONWARD_CONNECT, then 4061 + 1909
    assertThat(clientFrameTypes).containsExactly("aa", "ae", "b1", "ab", "ad", "ad");
  }

  /** Records states and rx; sends {@code body} (if any) in pieces as tx asks. */
  static final class Recorder implements StreamHandler {
    final List<StreamState> states = new CopyOnWriteArrayList<>();
    private final Buffer rx = Buffer.buffer();
    private Buffer body;
    private int sent;
    int firstFlags = -1;
    int lastFlags;

    Recorder(Buffer body) {
      this.body = body;
    }

    @Override
    public synchronized CallbackResult rx(Buffer payload, int flags) {
      if (firstFlags < 0) {
        firstFlags = flags;
      }
      lastFlags = flags;
      rx.appendBuffer(payload);
      return CallbackResult.OK;
    }

    synchronized String body() {
      return rx.toString();
    }

    @Override
    public TxResult tx(TxRequest request) {
      if (body == null || sent >= body.length()) {
        return TxResult.dontSend();
      }
      int n = Math.min(request.maxLength(), body.length() - sent);
      int flags = (sent == 0 ? StreamFlags.SOM : 0) | (sent + n == body.length() ? StreamFlags.EOM : 0);
      Buffer piece = body.getBuffer(sent, sent + n);
      sent += n;
      return TxResult.send(piece, flags);
    }

    @Override
    public CallbackResult state(StreamState state, long ack) {
      states.add(state);
      return CallbackResult.OK;
    }
  }
}
