package dev.sluice.sss.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.RecordingFrames;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssFrame;
import dev.sluice.sss.SssWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientSessionTest {

  private final AtomicLong clock = new AtomicLong(1_000);
  private RecordingClientListener app;
  private ClientSession session;

  @BeforeEach
  void setUp() {
    app = new RecordingClientListener();
    session = new ClientSession("test", ClientSessionOptions.of("hello").withPid(7)
        .withClock(clock::get), app);
  }

  private void fromProxy(ProxyFrame... frames) {
    for (ProxyFrame frame : frames) {
      session.receive(Bytes.copyOf(SssWriter.encode(frame)));
    }
  }

  /** Everything the session has for the proxy, decoded. */
  private List<SssFrame> written() {
    RecordingFrames out = new RecordingFrames();
    for (Bytes b = session.nextWrite(); b != null; b = session.nextWrite()) {
      out.clientReader().feed(b);
    }
    assertThat(out.errors).isEmpty();
    return out.frames;
  }

  private void created() {
    session.linkUp();
    assertThat(written()).containsExactly(
        new ClientFrame.StreamType(7, ClientFrame.DEFAULT_INITIAL_TX_CREDIT, "hello"));
    fromProxy(ProxyFrame.CreateResult.ok(0, List.of("hello")));
  }

  private void connected() {
    created();
    session.connect();
    assertThat(written()).containsExactly(ClientFrame.OnwardConnect.INSTANCE);
    fromProxy(ProxyFrame.ConnState.of(SssConnState.CONNECTING, 0),
        ProxyFrame.ConnState.of(SssConnState.CONNECTED, 0));
  }

  @Test
  void nothingIsWrittenBeforeTheLinkIsUpNorAfterStreamtypeUntilTheProxyAnswers() {
    session.requestTx();
    assertThat(session.nextWrite()).isNull();
    session.linkUp();
    assertThat(session.state()).isEqualTo(ClientSession.State.SENDING_INITIAL_TX);
    assertThat(written()).hasSize(1);
    assertThat(session.state()).isEqualTo(ClientSession.State.WAITING_CREATE_RESULT);
    assertThat(session.nextWrite()).isNull();
  }

  @Test
  void creatingIsReportedLocallyAndTheProxysCreatingIsDropped() {
    created();
    fromProxy(ProxyFrame.ConnState.of(SssConnState.CREATING, 0));
    assertThat(app.states).containsExactly("CREATING");
    assertThat(session.state()).isEqualTo(ClientSession.State.LOCAL_CONNECTED);
  }

  @Test
  void metadataAndTheLengthHintWaitForTheOnwardConnectRequest() {
    created();
    session.setMetadata("ctype", Bytes.latin1("a/b"));
    // lws sends pending metadata once linked, request or not; only ONWARD_CONNECT waits
    assertThat(written()).containsExactly(new ClientFrame.Metadata("ctype", Bytes.latin1("a/b")));
    session.requestTxLength(10);
    assertThat(written()).containsExactly(new ClientFrame.PayloadLengthHint(10),
        ClientFrame.OnwardConnect.INSTANCE);
  }

  @Test
  void controlFramesGoOutTimeoutFirstThenMetadataOldestFirstThenTheHintThenConnect() {
    session.setMetadata("a", Bytes.latin1("1"));
    session.setMetadata("b", Bytes.latin1("2"));
    session.addPeerTxCredit(10);
    session.setMetadata("a", Bytes.latin1("3")); // re-set: replaces and moves to last
    session.addPeerTxCredit(5); // summed with the pending grant
    session.requestTxLength(99);
    session.startTimeout(500);
    created();
    assertThat(written()).containsExactly(new ClientFrame.TimeoutUpdate(500),
        new ClientFrame.Metadata("b", Bytes.latin1("2")),
        new ClientFrame.Metadata("a", Bytes.latin1("3")), new ClientFrame.TxCreditUpdate(15),
        new ClientFrame.PayloadLengthHint(99), ClientFrame.OnwardConnect.INSTANCE);
    assertThat(session.peerTxCreditEstimate())
        .isEqualTo(ClientFrame.DEFAULT_INITIAL_TX_CREDIT + 15);
  }

  @Test
  void payloadGoesOutOnlyWhenOperationalAndOncePerRequest() {
    app.onTx = max -> new TxChunk(Bytes.latin1("data"), SssFlags.SOM | SssFlags.EOM);
    created();
    session.requestTx();
    clock.set(1_250);
    assertThat(written()).containsExactly(ClientFrame.OnwardConnect.INSTANCE);
    fromProxy(ProxyFrame.ConnState.of(SssConnState.CONNECTING, 0),
        ProxyFrame.ConnState.of(SssConnState.CONNECTED, 0));
    clock.set(1_500);
    // waited 500 us since requestTx; the clock reading is the write time
    assertThat(written()).containsExactly(new ClientFrame.TxPayload(SssFlags.SOM | SssFlags.EOM,
        500, 1_500, null, Bytes.latin1("data")));
    assertThat(written()).isEmpty();
    assertThat(session.txCredit()).isEqualTo(-4);
  }

  @Test
  void txOfferingMoreThanAFrameHoldsIsAnApplicationBug() {
    app.onTx = max -> new TxChunk(Bytes.copyOf(new byte[max + 1]), 0);
    connected();
    session.requestTx();
    assertThatThrownBy(session::nextWrite).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tx returned 4062 bytes, more than the 4061 offered");
  }

  @Test
  void connectedIsReportedOncePerConnectionAndDisconnectedAllowsAnotherConnect() {
    connected();
    fromProxy(ProxyFrame.ConnState.of(SssConnState.CONNECTED, 0),
        ProxyFrame.ConnState.of(SssConnState.DISCONNECTED, 0));
    assertThat(app.states).containsExactly("CREATING", "CONNECTING", "CONNECTED",
        "DISCONNECTED");
    assertThat(session.state()).isEqualTo(ClientSession.State.LOCAL_CONNECTED);
    session.requestTx();
    assertThat(written()).containsExactly(ClientFrame.OnwardConnect.INSTANCE);
  }

  @Test
  void aFailedOnwardConnectLeavesTheStreamReadyToAskAgain() {
    for (SssConnState failure : new SssConnState[] {SssConnState.UNREACHABLE,
        SssConnState.AUTH_FAILED}) {
      setUp();
      created();
      session.requestTx();
      assertThat(written()).containsExactly(ClientFrame.OnwardConnect.INSTANCE);
      fromProxy(ProxyFrame.ConnState.of(SssConnState.CONNECTING, 0),
          ProxyFrame.ConnState.of(failure, 1));
      assertThat(session.state()).isEqualTo(ClientSession.State.LOCAL_CONNECTED);
      session.requestTx();
      assertThat(written()).as("%s", failure).containsExactly(ClientFrame.OnwardConnect.INSTANCE);
      assertThat(app.states).containsExactly("CREATING", "CONNECTING", failure.name() + "(1)");
    }
  }

  @Test
  void rxIsCutToPiecesOf1380BytesWithSomFirstAndEomLast() {
    connected();
    fromProxy(ProxyFrame.RxPayload.of(SssFlags.SOM | SssFlags.EOM | SssFlags.RELATED_START,
        Bytes.copyOf(new byte[3000])));
    assertThat(app.rxShape()).containsExactly("1380 SOM|RELATED_START", "1380 RELATED_START",
        "240 EOM|RELATED_START");
    assertThat(session.peerTxCreditEstimate())
        .isEqualTo(ClientFrame.DEFAULT_INITIAL_TX_CREDIT - 3000);
  }

  @Test
  void rxMetadataAndPerfReachTheApplication() {
    created();
    fromProxy(new ProxyFrame.Metadata("ctype", Bytes.latin1("text/plain")),
        new ProxyFrame.Perf(Bytes.latin1("{}")), new ProxyFrame.TxCreditUpdate(100));
    assertThat(app.rxMetadata).containsExactly("ctype=text/plain");
    assertThat(session.rxMetadata("ctype")).isEqualTo(Bytes.latin1("text/plain"));
    assertThat(app.rxShape()).containsExactly("2 SOM|EOM|PERF_JSON");
    assertThat(session.txCredit()).isEqualTo(100);
  }

  @Test
  void aStateBeforeCreateResultBreaksTheProtocol() {
    session.linkUp();
    written();
    fromProxy(ProxyFrame.ConnState.of(SssConnState.CONNECTED, 0));
    assertThat(app.closes).containsExactly("NOT_ALLOWED_IN_STATE: CONNSTATE not allowed in"
        + " state WAITING_CREATE_RESULT at offset 0");
    assertThat(session.state()).isEqualTo(ClientSession.State.LINK_DOWN);
  }

  @Test
  void aStateTheTransitionTableForbidsDestroysTheStream() {
    created();
    // CREATING -> QOS_ACK_REMOTE is not in lws's table
    fromProxy(ProxyFrame.ConnState.of(SssConnState.QOS_ACK_REMOTE, 0));
    assertThat(app.states).containsExactly("CREATING", "DESTROYING");
    assertThat(app.closes).containsExactly("ILLEGAL_STATE_CHANGE: CONNSTATE QOS_ACK_REMOTE"
        + " after CREATING is not a legal transition at offset 14");
    assertThat(session.state()).isEqualTo(ClientSession.State.DESTROYED);
  }

  @Test
  void userStatesPassWithoutChangingTheRememberedState() {
    connected();
    fromProxy(new ProxyFrame.ConnState(1003, 1),
        ProxyFrame.ConnState.of(SssConnState.QOS_ACK_REMOTE, 0));
    assertThat(app.states).containsExactly("CREATING", "CONNECTING", "CONNECTED",
        "USER(1003)(1)", "QOS_ACK_REMOTE");
  }

  @Test
  void aDroppedLinkReportsDisconnectedAndANewLinkStartsOverFromStreamtype() {
    connected();
    session.linkDown();
    assertThat(session.state()).isEqualTo(ClientSession.State.LINK_DOWN);
    session.linkFailed(1200);
    session.linkUp();
    assertThat(written()).hasSize(1).first().isInstanceOf(ClientFrame.StreamType.class);
    fromProxy(ProxyFrame.CreateResult.ok(0, List.of("hello")));
    assertThat(app.states).containsExactly("CREATING", "CONNECTING", "CONNECTED",
        "DISCONNECTED", "UPSTREAM_LINK_RETRY(1200)", "CREATING");
  }

  @Test
  void destroyReportsDisconnectedThenDestroyingAndClosesTheLink() {
    connected();
    session.destroy();
    session.destroy();
    assertThat(app.states).endsWith("DISCONNECTED", "DESTROYING");
    assertThat(app.closes).containsExactly("closed");
    assertThat(session.nextWrite()).isNull();
  }

  @Test
  void aRefusedStreamtypeClosesTheLinkForARetry() {
    session.linkUp();
    written();
    fromProxy(ProxyFrame.CreateResult.failed());
    assertThat(app.closes).containsExactly("CREATE_FAILED: CREATE_RESULT streamtype \"hello\""
        + " refused by the proxy (result 1) at offset 0");
    assertThat(session.state()).isEqualTo(ClientSession.State.LINK_DOWN);
    assertThat(ClientSession.LINK_RETRY).hasSeconds(1);
  }
}
