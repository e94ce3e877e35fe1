package dev.sluice.sss.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.SssReader;
import dev.sluice.sss.SssWriter;
import dev.sluice.sss.session.ClientSession;
import dev.sluice.sss.session.ClientSessionListener;
import dev.sluice.sss.session.ClientSessionOptions;
import dev.sluice.sss.session.CreateOutcome;
import dev.sluice.sss.session.ProxySession;
import dev.sluice.sss.session.ProxySessionListener;
import dev.sluice.sss.session.TxChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The examples in docs/sss-wire.md, compiled and run. */
class WireDocExamplesTest {

  @Test
  void encodeAFrameAndReadItBack() {
    // --- doc: codec
    byte[] wire = SssWriter.encode(new ClientFrame.StreamType(1234, 500_000_000, "mintest"));
    List<String> seen = new ArrayList<>();
    SssReader reader = SssReader.clientFrames(new SssReader.ClientFrameCallback() {
      @Override public void onStreamType(ClientFrame.StreamType f) { seen.add(f.streamType()); }
      @Override public void onOnwardConnect() { }
      @Override public void onDestroying() { }
      @Override public void onTxPayload(ClientFrame.TxPayload f) { }
      @Override public void onMetadata(ClientFrame.Metadata f) { }
      @Override public void onTxCreditUpdate(ClientFrame.TxCreditUpdate f) { }
      @Override public void onTimeoutUpdate(ClientFrame.TimeoutUpdate f) { }
      @Override public void onPayloadLengthHint(ClientFrame.PayloadLengthHint f) { }
      @Override public void onError(SssProtocolException e) { seen.add(e.getMessage()); }
    });
    reader.feed(wire, 0, 5);            // any split
    reader.feed(wire, 5, wire.length - 5);
    reader.feed(new byte[] {0x42});     // garbage: reported once, then the reader stops
    // --- end
    assertThat(seen).containsExactly("mintest", "unknown frame type 0x42 at offset 19");
  }

  @Test
  void aProxyAndAClientSessionTalkThroughTheirDrivers() {
    List<Bytes> toProxy = new ArrayList<>();
    List<Bytes> toClient = new ArrayList<>();
    List<String> appSaw = new ArrayList<>();

    // --- doc: proxy driver
    ProxySession[] proxy = new ProxySession[1];
    proxy[0] = new ProxySession("tcp#1", new ProxySessionListener() {
      @Override public CreateOutcome createOnward(ClientFrame.StreamType request) {
        // look the streamtype up in the policy; create the onward stream, unconnected
        return CreateOutcome.created(Set.of("ctype")::contains);
      }
      @Override public void connectOnward() {
        // the onward stream connects; here it answers at once
        proxy[0].onwardState(SssConnState.CONNECTING.code(), 0);
        proxy[0].onwardState(SssConnState.CONNECTED.code(), 0);
        proxy[0].onwardRx(Bytes.utf8("hello"), SssFlags.SOM | SssFlags.EOM);
      }
      @Override public void setOnwardMetadata(String name, Bytes value) { }
      @Override public void setOnwardPayloadLength(long length) { }
      @Override public void startOnwardTimeout(long ms) { }
      @Override public void cancelOnwardTimeout() { }
      @Override public void addOnwardPeerTxCredit(int delta) { }
      @Override public void onwardTxReady() { }
      @Override public void clientWriteReady() { }   // a real driver drains when writable
      @Override public void onwardRxFlow(boolean allow) { }
      @Override public void closed(SssProtocolException reason) { }
    });
    // on each read from the client socket:   proxy[0].receive(bytes)
    // whenever the client socket can take more:
    //   for (Bytes b = proxy[0].nextWrite(); b != null; b = proxy[0].nextWrite()) write(b)
    // 3 s after accepting:                    proxy[0].initialTxTimeoutExpired()
    // --- end

    // --- doc: client driver
    ClientSession[] client = new ClientSession[1];
    client[0] = new ClientSession("app", ClientSessionOptions.of("mintest"),
        new ClientSessionListener() {
          @Override public void state(long state, long ack) {
            appSaw.add(SssConnState.nameOf(state));
            if (state == SssConnState.CREATING.code()) {
              client[0].requestTx();                 // connect the onward stream
            }
          }
          @Override public void rx(Bytes payload, int flags) { appSaw.add(payload.utf8()); }
          @Override public void rxMetadata(String name, Bytes value) { }
          @Override public TxChunk tx(int maxLength) { return null; }
          @Override public void writeReady() { }      // a real driver drains when writable
          @Override public void closed(SssProtocolException reason) { }
        });
    client[0].linkUp();                                 // when the socket to the proxy is up
    // --- end

    // the two drivers' loops, by hand
    for (int round = 0; round < 4; round++) {
      for (Bytes b = client[0].nextWrite(); b != null; b = client[0].nextWrite()) {
        toProxy.add(b);
      }
      toProxy.forEach(proxy[0]::receive);
      toProxy.clear();
      for (Bytes b = proxy[0].nextWrite(); b != null; b = proxy[0].nextWrite()) {
        toClient.add(b);
      }
      toClient.forEach(client[0]::receive);
      toClient.clear();
    }
    assertThat(appSaw).containsExactly("CREATING", "CONNECTING", "CONNECTED", "hello");
  }
}
