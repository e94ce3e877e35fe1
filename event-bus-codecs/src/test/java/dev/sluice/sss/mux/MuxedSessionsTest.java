package dev.sluice.sss.mux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.session.ClientSession;
import dev.sluice.sss.session.ClientSessionOptions;
import dev.sluice.sss.session.CreateOutcome;
import dev.sluice.sss.session.ProxySession;
import dev.sluice.sss.session.RecordingClientListener;
import dev.sluice.sss.session.RecordingProxyListener;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two client streams and one proxy over one byte pipe: client sessions in channels 0xFF and 0xFE
 * of a client mux link, proxy sessions in the same channels of a proxy mux link, the pipe handing
 * over one byte at a time. Each onward stream is a script that answers a connect with a GET's
 * states and body.
 */
class MuxedSessionsTest {

  private final Map<Integer, ProxySession> proxySessions = new HashMap<>();
  private final Map<Integer, ClientSession> clientSessions = new HashMap<>();
  private final Deque<Bytes> toProxy = new ArrayDeque<>();
  private final Deque<Bytes> toClient = new ArrayDeque<>();
  private MuxLink clientLink;
  private MuxLink proxyLink;

  @Test
  void twoStreamsShareOnePipeAndEachGetsItsOwnAnswer() {
    RecordingMux clientMux = new RecordingMux() {
      @Override
      public void channelOpened(int channel, boolean byPeer) {
        super.channelOpened(channel, byPeer);
        clientSessions.get(channel).linkUp();
        drainClient(channel);
      }

      @Override
      public void data(int channel, Bytes payload) {
        clientSessions.get(channel).receive(payload);
        drainClient(channel);
      }
    };
    RecordingMux proxyMux = new RecordingMux() {
      @Override
      public void channelOpened(int channel, boolean byPeer) {
        super.channelOpened(channel, byPeer);
        proxySessions.put(channel, newProxySession(channel));
      }

      @Override
      public void data(int channel, Bytes payload) {
        proxySessions.get(channel).receive(payload);
        drainProxy(channel);
      }
    };
    clientLink = new MuxLink("c", MuxLinkOptions.of(MuxRole.CLIENT), clientMux);
    proxyLink = new MuxLink("p", MuxLinkOptions.of(MuxRole.PROXY), proxyMux);
    // writes wait in the pipe until pumped, as on an event loop: no call comes back re-entrantly
    clientMux.pipe = toProxy::add;
    proxyMux.pipe = toClient::add;

    clientLink.start();
    pump();
    RecordingClientListener first = newClient("alpha");
    RecordingClientListener second = newClient("beta");
    int a = clientLink.openChannel().getAsInt();
    clientSessions.put(a, session(a, "alpha", first));
    int b = clientLink.openChannel().getAsInt();
    clientSessions.put(b, session(b, "beta", second));
    pump();

    assertThat(a).isEqualTo(0xff);
    assertThat(b).isEqualTo(0xfe);
    for (RecordingClientListener app : new RecordingClientListener[] {first, second}) {
      assertThat(app.states).containsExactly("CREATING", "CONNECTING", "CONNECTED",
          "QOS_ACK_REMOTE", "DISCONNECTED");
    }
    assertThat(first.rx).extracting(c -> c.payload().latin1()).containsExactly("body of alpha");
    assertThat(second.rx).extracting(c -> c.payload().latin1()).containsExactly("body of beta");
  }

  private RecordingClientListener newClient(String name) {
    RecordingClientListener app = new RecordingClientListener();
    app.onState = state -> {
      if (state == SssConnState.CREATING.code()) {
        clientSessions.values().stream().filter(s -> s.streamType().equals(name)).findFirst()
            .ifPresent(ClientSession::requestTx);
      }
    };
    return app;
  }

  private ClientSession session(int channel, String streamType, RecordingClientListener app) {
    return new ClientSession("c#" + channel, ClientSessionOptions.of(streamType), app);
  }

  private ProxySession newProxySession(int channel) {
    ProxySession[] self = new ProxySession[1];
    RecordingProxyListener onward = new RecordingProxyListener(request -> {
      self[0].onwardState(SssConnState.CREATING.code(), 0);
      return CreateOutcome.created(name -> true);
    }) {
      @Override
      public void connectOnward() {
        super.connectOnward();
        // the scripted onward stream: a GET that succeeds
        String body = "body of " + self[0].streamType();
        self[0].onwardState(SssConnState.CONNECTING.code(), 0);
        self[0].onwardState(SssConnState.CONNECTED.code(), 0);
        self[0].onwardRx(Bytes.latin1(body), SssFlags.SOM | SssFlags.EOM);
        self[0].onwardState(SssConnState.QOS_ACK_REMOTE.code(), 0);
        self[0].onwardState(SssConnState.DISCONNECTED.code(), 0);
      }
    };
    self[0] = new ProxySession("p#" + channel, onward);
    return self[0];
  }

  private void drainClient(int channel) {
    ClientSession session = clientSessions.get(channel);
    for (Bytes out = session.nextWrite(); out != null; out = session.nextWrite()) {
      clientLink.send(channel, out);
    }
  }

  private void drainProxy(int channel) {
    ProxySession session = proxySessions.get(channel);
    for (Bytes out = session.nextWrite(); out != null; out = session.nextWrite()) {
      proxyLink.send(channel, out);
    }
  }

  /** Delivers what waits in the pipe, both ways, one byte at a time, until it is empty. */
  private void pump() {
    while (!toProxy.isEmpty() || !toClient.isEmpty()) {
      if (!toProxy.isEmpty()) {
        byteByByte(toProxy.poll(), proxyLink);
      }
      if (!toClient.isEmpty()) {
        byteByByte(toClient.poll(), clientLink);
      }
    }
  }

  private static void byteByByte(Bytes bytes, MuxLink to) {
    for (byte x : bytes.toByteArray()) {
      to.receive(new byte[] {x}, 0, 1);
    }
  }
}
