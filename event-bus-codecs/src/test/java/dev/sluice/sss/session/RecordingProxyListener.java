package dev.sluice.sss.session;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.SssProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records what a proxy session asks of its driver, as lines such as {@code connectOnward} or
 * {@code setOnwardMetadata ctype=text/plain}, and answers createOnward with a function.
 */
public class RecordingProxyListener implements ProxySessionListener {

  /** Everything asked, in order, except the write/tx readiness hints. */
  public final List<String> calls = new ArrayList<>();
  /** The close reason, once closed (null reason recorded as "closed"). */
  public final List<String> closes = new ArrayList<>();
  /** How many times the session said bytes wait for the client. */
  public int writeReady;
  /** How many times the session said payload waits for the onward stream. */
  public int txReady;
  /** The reason passed to closed, if any. */
  public SssProtocolException reason;

  private final Function<ClientFrame.StreamType, CreateOutcome> create;

  public RecordingProxyListener(Function<ClientFrame.StreamType, CreateOutcome> create) {
    this.create = create;
  }

  @Override
  public CreateOutcome createOnward(ClientFrame.StreamType request) {
    calls.add("createOnward " + request.streamType());
    return create.apply(request);
  }

  @Override
  public void connectOnward() {
    calls.add("connectOnward");
  }

  @Override
  public void setOnwardMetadata(String name, Bytes value) {
    calls.add("setOnwardMetadata " + name + "=" + value.latin1());
  }

  @Override
  public void setOnwardPayloadLength(long length) {
    calls.add("setOnwardPayloadLength " + length);
  }

  @Override
  public void startOnwardTimeout(long ms) {
    calls.add("startOnwardTimeout " + ms);
  }

  @Override
  public void cancelOnwardTimeout() {
    calls.add("cancelOnwardTimeout");
  }

  @Override
  public void addOnwardPeerTxCredit(int delta) {
    calls.add("addOnwardPeerTxCredit " + delta);
  }

  @Override
  public void onwardTxReady() {
    txReady++;
  }

  @Override
  public void clientWriteReady() {
    writeReady++;
  }

  @Override
  public void onwardRxFlow(boolean allow) {
    calls.add("onwardRxFlow " + allow);
  }

  @Override
  public void closed(SssProtocolException why) {
    reason = why;
    closes.add(why == null ? "closed" : why.rule() + ": " + why.getMessage());
  }
}
