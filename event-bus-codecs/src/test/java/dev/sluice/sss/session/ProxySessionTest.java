package dev.sluice.sss.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.RecordingFrames;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssFrame;
import dev.sluice.sss.SssProtocolException.Rule;
import dev.sluice.sss.SssWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProxySessionTest {

  private static final ClientFrame.StreamType HELLO =
      new ClientFrame.StreamType(42, ClientFrame.DEFAULT_INITIAL_TX_CREDIT, "hello");

  private RecordingProxyListener listener;
  private ProxySession session;

  private void start(Function<ClientFrame.StreamType, CreateOutcome> create) {
    listener = new RecordingProxyListener(create);
    session = new ProxySession("test", listener, () -> 7);
  }

  private void startCreated() {
    start(request -> CreateOutcome.created(Set.of("ctype")::contains));
  }

  private void send(ClientFrame... frames) {
    for (ClientFrame frame : frames) {
      session.receive(Bytes.copyOf(SssWriter.encode(frame)));
    }
  }

  /** Everything the session has for the client, decoded. */
  private List<SssFrame> written() {
    RecordingFrames out = new RecordingFrames();
    for (Bytes b = session.nextWrite(); b != null; b = session.nextWrite()) {
      out.proxyReader().feed(b);
    }
    assertThat(out.errors).isEmpty();
    return out.frames;
  }

  private void operational() {
    startCreated();
    send(HELLO);
    assertThat(written()).containsExactly(ProxyFrame.CreateResult.ok(0, List.of("hello")));
    assertThat(session.state()).isEqualTo(ProxySession.State.OPERATIONAL);
  }

  @Test
  void withoutStreamtypeWithinThreeSecondsTheLinkCloses() {
    startCreated();
    assertThat(ProxySession.INITIAL_TX_TIMEOUT).hasSeconds(3);
    session.initialTxTimeoutExpired();
    assertThat(listener.closes)
        .containsExactly("TIMEOUT: STREAMTYPE did not arrive within 3000 ms");
    assertThat(session.state()).isEqualTo(ProxySession.State.CLOSED);
  }

  @Test
  void theInitialTimeoutIsHarmlessOnceStreamtypeArrived() {
    startCreated();
    send(HELLO);
    session.initialTxTimeoutExpired();
    assertThat(listener.closes).isEmpty();
  }

  @Test
  void payloadBeforeStreamtypeIsRefused() {
    startCreated();
    send(ClientFrame.TxPayload.of(0, Bytes.latin1("x")));
    assertThat(listener.closes).containsExactly(
        "NOT_ALLOWED_IN_STATE: TX_PAYLOAD not allowed in state WAIT_INITIAL_TX at offset 0");
    assertThat(listener.calls).isEmpty();
  }

  @Test
  void onwardConnectBeforeCreateResultWentOutIsRefused() {
    startCreated();
    send(HELLO, ClientFrame.OnwardConnect.INSTANCE);
    assertThat(listener.closes).containsExactly(
        "NOT_ALLOWED_IN_STATE: ONWARD_CONNECT not allowed in state REPORTING_OK at offset 17");
  }

  @Test
  void metadataThePolicyDoesNotDeclareClosesTheLink() {
    operational();
    send(new ClientFrame.Metadata("secret", Bytes.latin1("x")));
    assertThat(listener.reason.rule()).isEqualTo(Rule.UNDECLARED_METADATA);
    assertThat(listener.closes).containsExactly("UNDECLARED_METADATA: METADATA name \"secret\" is"
        + " not declared by the policy for this streamtype at offset 21");
  }

  @Test
  void clientRequestsBecomeCallsOnTheOnwardStream() {
    operational();
    send(new ClientFrame.Metadata("ctype", Bytes.latin1("a/b")),
        new ClientFrame.PayloadLengthHint(10), new ClientFrame.TimeoutUpdate(0),
        new ClientFrame.TimeoutUpdate(ClientFrame.TimeoutUpdate.CANCEL),
        new ClientFrame.TxCreditUpdate(-5), ClientFrame.OnwardConnect.INSTANCE);
    assertThat(listener.calls).containsExactly("createOnward hello",
        "setOnwardMetadata ctype=a/b", "setOnwardPayloadLength 10", "startOnwardTimeout 0",
        "cancelOnwardTimeout", "addOnwardPeerTxCredit -5", "connectOnward");
  }

  @Test
  void destroyingClosesWithoutAnError() {
    operational();
    send(ClientFrame.Destroying.INSTANCE);
    assertThat(listener.closes).containsExactly("closed");
    assertThat(session.nextWrite()).isNull();
  }

  @Test
  void theCreateResultCarriesTheBufferSizeAndTheRideshareChainWithALeadingComma() {
    start(request -> CreateOutcome.created(name -> true).withClientBuflen(4096)
        .withRideshares(List.of("extra")));
    send(HELLO);
    assertThat(session.nextWrite()).isEqualTo(Bytes.fromHex(
        "56 0011 00 00001000 2c68656c6c6f 2c6578747261"));
  }

  @Test
  void statesTheOnwardStreamReportsWhileBeingCreatedFollowTheCreateResult() {
    List<ProxySession> holder = new ArrayList<>();
    start(request -> {
      holder.get(0).onwardState(SssConnState.CREATING.code(), 0);
      return CreateOutcome.created(name -> true);
    });
    holder.add(session);
    send(HELLO);
    assertThat(written()).containsExactly(ProxyFrame.CreateResult.ok(0, List.of("hello")),
        ProxyFrame.ConnState.of(SssConnState.CREATING, 0));
  }

  @Test
  void rxMetadataGoesBeforePerfWhichGoesBeforeQueuedPayloadAndStates() {
    operational();
    session.onwardState(SssConnState.CONNECTED.code(), 0);
    session.onwardRx(Bytes.latin1("body"), SssFlags.SOM | SssFlags.EOM);
    session.onwardState(SssConnState.EVENT_WAIT_CANCELLED.code(), 0); // lws keeps it to itself
    session.onwardTxCredit(100);
    session.onwardPerf(Bytes.latin1("{}"));
    session.onwardRxMetadata("ctype", Bytes.latin1("text/plain"));
    session.onwardRxMetadata("empty", Bytes.EMPTY); // lws's own client would hang up on it

    assertThat(written()).containsExactly(
        new ProxyFrame.Metadata("ctype", Bytes.latin1("text/plain")),
        new ProxyFrame.Perf(Bytes.latin1("{}")),
        ProxyFrame.ConnState.of(SssConnState.CONNECTED, 0),
        new ProxyFrame.RxPayload(SssFlags.SOM | SssFlags.EOM, 0, 7, null, Bytes.latin1("body")),
        new ProxyFrame.TxCreditUpdate(100));
  }

  @Test
  void largeOnwardRxGoesOutInFramesOfAtMost4096BytesKeepingSomAndEom() {
    operational();
    session.onwardRx(Bytes.copyOf(new byte[10_000]), SssFlags.SOM | SssFlags.EOM);
    assertThat(written()).extracting(f -> ((ProxyFrame.RxPayload) f).payload().length() + " "
        + SssFlags.describe(((ProxyFrame.RxPayload) f).flags()))
        .containsExactly("4096 SOM", "4096 0", "1808 EOM");
  }

  @Test
  void clientPayloadReachesTheOnwardStreamInPiecesAndFreesTheBuffer() {
    operational();
    send(ClientFrame.TxPayload.of(SssFlags.SOM | SssFlags.EOM, Bytes.copyOf(new byte[3000])));
    assertThat(listener.txReady).isEqualTo(1);
    assertThat(session.bufferedBytes()).isEqualTo(3000);
    List<String> pieces = new ArrayList<>();
    for (TxChunk c = session.pollOnwardTx(); c != null; c = session.pollOnwardTx()) {
      pieces.add(c.payload().length() + " " + SssFlags.describe(c.flags()));
    }
    assertThat(pieces).containsExactly("1380 SOM", "1380 0", "240 EOM");
    assertThat(session.bufferedBytes()).isZero();
  }

  @Test
  void clientPayloadBeyondTheProxyBufferClosesTheLink() {
    start(request -> CreateOutcome.created(name -> true).withProxyBuflen(1000));
    send(HELLO);
    written();
    send(ClientFrame.TxPayload.of(0, Bytes.copyOf(new byte[1001])));
    assertThat(listener.closes).containsExactly("BUFFER_FULL: TX_PAYLOAD of 1001 payload bytes"
        + " does not fit the 1000-byte proxy buffer (0 in use) at offset 17");
  }

  @Test
  void onwardRxBeyondTheBufferIsRefusedAndWhatWaitedIsDropped() {
    start(request -> CreateOutcome.created(name -> true).withProxyBuflen(100));
    send(HELLO);
    written();
    assertThat(session.onwardRx(Bytes.copyOf(new byte[50]), SssFlags.SOM)).isTrue();
    assertThat(session.onwardRx(Bytes.copyOf(new byte[50]), SssFlags.EOM)).isFalse();
    assertThat(written()).isEmpty();
    assertThat(session.bufferedBytes()).isZero();
  }

  @Test
  void onwardRxPausesAboveTheHighMarkAndResumesBelowTheLowMark() {
    start(request -> CreateOutcome.created(name -> true).withRxFlow(100, 40));
    send(HELLO);
    written();
    session.onwardRx(Bytes.copyOf(new byte[31]), 0); // 50-byte frames
    session.onwardRx(Bytes.copyOf(new byte[31]), 0);
    assertThat(listener.calls).containsExactly("createOnward hello", "onwardRxFlow false");
    session.nextWrite();
    assertThat(listener.calls).hasSize(2); // 50 waiting: not below 40 yet
    session.nextWrite();
    assertThat(listener.calls).containsExactly("createOnward hello", "onwardRxFlow false",
        "onwardRxFlow true");
  }

  @Test
  void aLinkThatClosesInsideAFrameReportsTheTruncation() {
    operational();
    session.receive(Bytes.fromHex("ae 0010 05"));
    session.linkClosed();
    assertThat(listener.closes).containsExactly(
        "TRUNCATED: METADATA truncated after 4 of 19 bytes at offset 17");
  }

  @Test
  void aLinkThatClosesBetweenFramesClosesQuietly() {
    operational();
    session.linkClosed();
    session.linkClosed();
    assertThat(listener.closes).containsExactly("closed");
  }
}
