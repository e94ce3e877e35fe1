package dev.sluice.sss.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.RecordingFrames;
import dev.sluice.sss.SssDirection;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssFrame;
import dev.sluice.sss.SssProtocolException.Rule;
import dev.sluice.sss.SssTraces;
import dev.sluice.sss.SssTraces.Frame;
import dev.sluice.sss.SssTraces.Trace;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our proxy session given the client-to-proxy bytes of each recorded session answers with the
 * frames lws's proxy sent. The onward stream is a scripted fake that replays, after each client
 * frame, the onward events the trace shows happened before the client's next frame.
 */
class ProxySessionTraceTest {

  static List<Trace> traces() {
    return SssTraces.all();
  }

  @ParameterizedTest
  @MethodSource("traces")
  void theSessionAnswersEachRecordedClientWithTheRecordedProxyFrames(Trace trace) {
    for (int conn : trace.connections()) {
      Replay replay = new Replay(trace, conn);
      replay.run();

      List<Frame> expected = trace.frames(conn, SssDirection.PROXY_TO_CLIENT);
      assertThat(replay.written).as("%s conn %d", trace, conn)
          .containsExactlyElementsOf(expected.stream().map(f -> Bytes.copyOf(f.bytes()).hex())
              .collect(Collectors.toList()));
    }
  }

  @Test
  void aGetAsksTheOnwardStreamToConnectOnlyOnOnwardConnect() {
    Replay replay = new Replay(SssTraces.named("01-"), 0);
    replay.run();
    assertThat(replay.listener.calls).containsExactly("createOnward sx-hello_world",
        "connectOnward");
    assertThat(replay.session.state()).isEqualTo(ProxySession.State.OPERATIONAL);
    replay.session.linkClosed(); // the lws client hangs up when done
    assertThat(replay.listener.closes).containsExactly("closed");
  }

  @Test
  void aPostSetsMetadataAndLengthThenCutsThePayloadInto1380BytePieces() {
    Replay replay = new Replay(SssTraces.named("02-"), 0);
    replay.run();

    assertThat(replay.listener.calls).containsExactly("createOnward minpost",
        "setOnwardMetadata ctype=multipart/form-data;boundary=\"boundary\"",
        "setOnwardPayloadLength 5970", "connectOnward");
    // 4061 + 1909 payload bytes: SOM on the very first piece, EOM on the very last
    assertThat(replay.onwardTx).extracting(c -> c.payload().length())
        .containsExactly(1380, 1380, 1301, 1380, 529);
    assertThat(replay.onwardTx).extracting(TxChunk::flags)
        .containsExactly(SssFlags.SOM, 0, 0, 0, SssFlags.EOM);
    assertThat(replay.onwardTx.stream().mapToInt(c -> c.payload().length()).sum())
        .isEqualTo(5970);
  }

  @Test
  void anUnknownStreamtypeIsRefusedAndTheLinkClosedAfterTheResultIsWritten() {
    Replay replay = new Replay(SssTraces.named("04b-"), 0);
    replay.run();
    assertThat(replay.written).containsExactly("5600050100000000");
    assertThat(replay.listener.reason.rule()).isEqualTo(Rule.CREATE_FAILED);
    assertThat(replay.listener.closes).containsExactly("CREATE_FAILED: STREAMTYPE"
        + " \"no-such-streamtype\" refused: not in the policy");
  }

  /** Drives one proxy session through one recorded connection. */
  static final class Replay {
    final RecordingProxyListener listener;
    final ProxySession session;
    /** Hex of every frame the session wrote, in order. */
    final List<String> written = new ArrayList<>();
    /** What the onward stream was given to send. */
    final List<TxChunk> onwardTx = new ArrayList<>();

    private final Trace trace;
    private final int conn;
    /** Onward events to replay, in batches: one after each client frame. */
    private final Deque<List<Frame>> batches = new ArrayDeque<>();
    /** The timestamps lws stamped into RX_PAYLOAD, served by the session's clock. */
    private final Deque<Long> rxTimes = new ArrayDeque<>();

    Replay(Trace trace, int conn) {
      this.trace = trace;
      this.conn = conn;
      JsonObject policy = trace.json().getJsonObject("proxy_policy_streamtype");
      this.listener = new RecordingProxyListener(request -> outcome(policy, request
          .streamType()));
      this.session = new ProxySession(trace.file() + "#" + conn, listener, rxTimes::poll);
      planBatches();
    }

    /** A scripted policy: the trace's streamtype entry, with its declared metadata. */
    private static CreateOutcome outcome(JsonObject policy, String streamType) {
      if (policy == null || !policy.containsKey(streamType)) {
        return CreateOutcome.refused("not in the policy");
      }
      Set<String> declared = policy.getJsonObject(streamType).getJsonArray("metadata").stream()
          .flatMap(m -> ((JsonObject) m).fieldNames().stream()).collect(Collectors.toSet());
      return CreateOutcome.created(declared::contains);
    }

    private void planBatches() {
      List<Frame> current = null;
      for (Frame frame : trace.frames(conn)) {
        if (frame.direction() == SssDirection.CLIENT_TO_PROXY) {
          current = new ArrayList<>();
          batches.add(current);
        } else if (!frame.name().equals("CREATE_RESULT")) {
          current.add(frame);
        }
      }
    }

    void run() {
      for (Frame frame : trace.frames(conn, SssDirection.CLIENT_TO_PROXY)) {
        List<Frame> batch = batches.poll();
        byte[] bytes = frame.bytes();
        for (byte b : bytes) { // one byte at a time: the session must not care
          session.receive(new byte[] {b}, 0, 1);
        }
        drainOnwardTx();
        // no drain yet: after STREAMTYPE, CREATE_RESULT must still go before CREATING
        for (Frame event : batch) {
          replay(event);
          drain();
        }
        drain();
      }
    }

    private void replay(Frame event) {
      RecordingFrames decoded = new RecordingFrames();
      decoded.proxyReader().feed(event.bytes());
      SssFrame frame = decoded.take();
      if (frame instanceof ProxyFrame.ConnState) {
        ProxyFrame.ConnState cs = (ProxyFrame.ConnState) frame;
        session.onwardState(cs.state(), cs.ack());
      } else if (frame instanceof ProxyFrame.Metadata) {
        ProxyFrame.Metadata md = (ProxyFrame.Metadata) frame;
        session.onwardRxMetadata(md.name(), md.value());
      } else if (frame instanceof ProxyFrame.RxPayload) {
        ProxyFrame.RxPayload rx = (ProxyFrame.RxPayload) frame;
        rxTimes.add(rx.usUnixTime());
        assertThat(session.onwardRx(rx.payload(), rx.flags())).isTrue();
      } else if (frame instanceof ProxyFrame.TxCreditUpdate) {
        session.onwardTxCredit(((ProxyFrame.TxCreditUpdate) frame).delta());
      } else {
        throw new AssertionError("no onward event for " + frame);
      }
    }

    private void drain() {
      for (Bytes out = session.nextWrite(); out != null; out = session.nextWrite()) {
        written.add(out.hex());
      }
    }

    private void drainOnwardTx() {
      for (TxChunk chunk = session.pollOnwardTx(); chunk != null;
          chunk = session.pollOnwardTx()) {
        onwardTx.add(chunk);
      }
    }
  }
}
