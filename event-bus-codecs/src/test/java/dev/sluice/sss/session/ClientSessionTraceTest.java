package dev.sluice.sss.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.RecordingFrames;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssDirection;
import dev.sluice.sss.SssProtocolException.Rule;
import dev.sluice.sss.SssTraces;
import dev.sluice.sss.SssTraces.Frame;
import dev.sluice.sss.SssTraces.Trace;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Our client session given the proxy-to-client bytes of each recorded session reports the states
 * and payload the lws client saw, and writes the client-to-proxy frames the lws client wrote
 * (timings inside TX_PAYLOAD aside: they are clock readings).
 */
class ClientSessionTraceTest {

  @Test
  void aGetReportsTheStatesAndTheBodyInPiecesOfAtMost1380Bytes() {
    for (String name : List.of("01-", "05-")) {
      Trace trace = SssTraces.named(name);
      Replay replay = new Replay(trace, 0);
      replay.app.onState = state -> {
        if (state == SssConnState.CREATING.code()) {
          replay.session.requestTx(); // as the hello_world example does
        }
      };
      replay.run();

      assertThat(replay.app.states).as(name).containsExactly("CREATING", "CONNECTING",
          "CONNECTED", "QOS_ACK_REMOTE", "DISCONNECTED");
      assertThat(replay.app.rxMetadata).containsExactly("ctype=text/plain");
      // RX_PAYLOAD of 1520 (SOM), 480 and 0 (EOM) bytes, re-cut at 1380
      assertThat(replay.app.rxShape()).containsExactly("1380 SOM", "140 0", "480 0", "0 EOM");
      assertThat(concat(replay.app.rx)).isEqualTo(recordedRx(trace));
      assertThat(replay.written).isEqualTo(replay.expectedWrites());
      assertThat(replay.session.state()).isEqualTo(ClientSession.State.LOCAL_CONNECTED);
      assertThat(replay.session.rideshares()).containsExactly("sx-hello_world");
      assertThat(replay.app.closes).isEmpty();
    }
  }

  @Test
  void aPostSendsMetadataTheLengthHintAndConnectThenItsBody() {
    Trace trace = SssTraces.named("02-");
    Replay replay = new Replay(trace, 0);
    List<ClientFrame.TxPayload> recordedTx = trace.frames(0, SssDirection.CLIENT_TO_PROXY)
        .stream().filter(f -> f.name().equals("TX_PAYLOAD")).map(f -> decodeTx(f.bytes()))
        .collect(Collectors.toList());
    Deque<ClientFrame.TxPayload> toSend = new ArrayDeque<>(recordedTx);
    replay.app.onState = state -> {
      if (state == SssConnState.CREATING.code()) {
        replay.session.setMetadata("ctype",
            Bytes.latin1("multipart/form-data;boundary=\"boundary\""));
        replay.session.requestTxLength(5970);
      }
    };
    replay.app.onTx = max -> {
      ClientFrame.TxPayload next = toSend.poll();
      if (!toSend.isEmpty()) {
        replay.session.requestTx(); // more to come
      }
      assertThat(next.payload().length()).isLessThanOrEqualTo(max);
      return new TxChunk(next.payload(), next.flags());
    };
    replay.run();

    assertThat(replay.written).isEqualTo(replay.expectedWrites());
    assertThat(toSend).isEmpty();
    assertThat(replay.app.states).containsExactly("CREATING", "POLL", "CONNECTING", "CONNECTED",
        "QOS_ACK_REMOTE", "DISCONNECTED");
    assertThat(concat(replay.app.rx)).isEqualTo(recordedRx(trace));
    assertThat(replay.session.txCredit()).isEqualTo(-5970);
  }

  @Test
  void aRefusedStreamtypeClosesTheLinkWithoutAStateAndEveryRetrySendsTheSameStreamtype() {
    Trace trace = SssTraces.named("04-");
    List<Integer> conns = trace.connections();
    assertThat(conns).hasSizeGreaterThan(1);
    RecordingClientListener app = new RecordingClientListener();
    ClientSession session = new ClientSession("04", options(trace, 0), app);
    for (int conn : conns) {
      Replay replay = new Replay(trace, conn, session, app);
      replay.run();
      assertThat(replay.written).isEqualTo(replay.expectedWrites());
      assertThat(session.state()).isEqualTo(ClientSession.State.LINK_DOWN);
    }
    assertThat(app.states).isEmpty();
    assertThat(app.closes).hasSize(conns.size()).allMatch(close -> close.equals(
        "CREATE_FAILED: CREATE_RESULT streamtype \"__default\" refused by the proxy (result 1)"
            + " at offset 0"));
    assertThat(app.reason.rule()).isEqualTo(Rule.CREATE_FAILED);
  }

  static ClientSessionOptions options(Trace trace, int conn) {
    // the streamtype and pid the recorded client sent
    ClientFrame.StreamType sent = (ClientFrame.StreamType) decode(
        trace.frames(conn, SssDirection.CLIENT_TO_PROXY).get(0).bytes(),
        SssDirection.CLIENT_TO_PROXY);
    return ClientSessionOptions.of(sent.streamType()).withPid(sent.pid());
  }

  private static Bytes concat(List<TxChunk> pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pieces.forEach(p -> out.writeBytes(p.payload().toByteArray()));
    return Bytes.copyOf(out.toByteArray());
  }

  private static Bytes recordedRx(Trace trace) {
    List<TxChunk> frames = new ArrayList<>();
    for (Frame f : trace.frames(0, SssDirection.PROXY_TO_CLIENT)) {
      if (f.name().equals("RX_PAYLOAD")) {
        ProxyFrame.RxPayload rx = (ProxyFrame.RxPayload) decode(f.bytes(),
            SssDirection.PROXY_TO_CLIENT);
        frames.add(new TxChunk(rx.payload(), rx.flags()));
      }
    }
    return concat(frames);
  }

  private static ClientFrame.TxPayload decodeTx(byte[] bytes) {
    return (ClientFrame.TxPayload) decode(bytes, SssDirection.CLIENT_TO_PROXY);
  }

  private static Object decode(byte[] bytes, SssDirection direction) {
    RecordingFrames out = new RecordingFrames();
    out.reader(direction).feed(bytes);
    Object frame = out.take();
    out.assertExhausted();
    return frame;
  }

  /** Drives a client session through one recorded connection. */
  static final class Replay {
    final RecordingClientListener app;
    final ClientSession session;
    /** Hex of every frame the session wrote, TX_PAYLOAD timings zeroed. */
    final List<String> written = new ArrayList<>();
    private final Trace trace;
    private final int conn;

    Replay(Trace trace, int conn) {
      this.trace = trace;
      this.conn = conn;
      this.app = new RecordingClientListener();
      this.session = new ClientSession(trace.file(), options(trace, conn), app);
    }

    Replay(Trace trace, int conn, ClientSession session, RecordingClientListener app) {
      this.trace = trace;
      this.conn = conn;
      this.app = app;
      this.session = session;
    }

    void run() {
      session.linkUp();
      drain();
      for (Frame frame : trace.frames(conn, SssDirection.PROXY_TO_CLIENT)) {
        for (byte b : frame.bytes()) { // one byte at a time
          session.receive(new byte[] {b}, 0, 1);
        }
        drain();
      }
    }

    List<String> expectedWrites() {
      return trace.frames(conn, SssDirection.CLIENT_TO_PROXY).stream()
          .map(f -> masked(f.bytes())).collect(Collectors.toList());
    }

    private void drain() {
      for (Bytes out = session.nextWrite(); out != null; out = session.nextWrite()) {
        written.add(masked(out.toByteArray()));
      }
    }

    /** Hex of a frame with a TX_PAYLOAD's wait and time (frame bytes 7 to 18) zeroed. */
    private static String masked(byte[] frame) {
      byte[] copy = frame.clone();
      if ((copy[0] & 0xff) == 0xad) {
        for (int i = 7; i < 19; i++) {
          copy[i] = 0;
        }
      }
      return Bytes.copyOf(copy).hex();
    }
  }
}
