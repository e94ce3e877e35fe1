package dev.sluice.sss.session;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssProtocolException;

/**
 * What a {@link ClientSession} tells its driver (the {@code SecureStreams.connect} client) and,
 * through it, the application. Called on the thread that drives the session; implementations
 * must not throw, and may call the session's methods (requestTx, setMetadata...) from inside.
 */
public interface ClientSessionListener {

  /**
   * The stream's state changed: an {@link SssConnState} number, or a user state from 1000. The
   * session reports CREATING itself when the proxy has created the stream, and drops the
   * CREATING the proxy forwards later.
   */
  void state(long state, long ack);

  /** Payload from the proxy, in pieces of at most 1380 bytes (SOM first, EOM last). */
  void rx(Bytes payload, int flags);

  /** Rx metadata from the onward stream (a response header the policy maps). */
  void rxMetadata(String name, Bytes value);

  /**
   * The stream may send: return at most {@code maxLength} bytes with their flags, or null to
   * send nothing now. Called once per {@link ClientSession#requestTx()}.
   */
  TxChunk tx(int maxLength);

  /** Frames wait in {@link ClientSession#nextWrite()}: write them when the link can. */
  void writeReady();

  /**
   * The link to the proxy must close: on a protocol error, a refused streamtype or an illegal
   * state, with the reason; on {@link ClientSession#destroy()} with null. Unless destroyed, the
   * driver retries the link every {@link ClientSession#LINK_RETRY}, as lws does.
   */
  void closed(SssProtocolException reason);
}
