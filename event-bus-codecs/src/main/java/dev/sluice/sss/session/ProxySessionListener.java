package dev.sluice.sss.session;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ClientFrame;
import dev.sluice.sss.SssProtocolException;

/**
 * What a {@link ProxySession} asks of its driver (the proxy verticle): create and steer the
 * onward stream, and look after the client link. Called on the thread that drives the session;
 * implementations must not throw.
 */
public interface ProxySessionListener {

  /**
   * The client asked for a streamtype. Create the onward stream from the policy (without
   * connecting it) and say how that went. The onward stream may report its CREATING state to the
   * session from inside this call.
   */
  CreateOutcome createOnward(ClientFrame.StreamType request);

  /**
   * The client asked to connect the onward stream (ONWARD_CONNECT). As lws does, ignore it if the
   * onward stream is already connecting or connected.
   */
  void connectOnward();

  /** Set client metadata on the onward stream; the policy declares the name. */
  void setOnwardMetadata(String name, Bytes value);

  /** The client announced its payload length (lws_ss_request_tx_len on the onward stream). */
  void setOnwardPayloadLength(long length);

  /** Start the onward stream's timeout; {@code ms} 0 means the policy's {@code timeout_ms}. */
  void startOnwardTimeout(long ms);

  /** Cancel the onward stream's timeout. */
  void cancelOnwardTimeout();

  /** The client lets the onward peer send it {@code delta} more bytes (h2, MQTT windows). */
  void addOnwardPeerTxCredit(int delta);

  /** Client payload waits in {@link ProxySession#pollOnwardTx()}: ask the onward stream for tx. */
  void onwardTxReady();

  /** Bytes wait in {@link ProxySession#nextWrite()}: write them when the client link can. */
  void clientWriteReady();

  /**
   * Stop ({@code false}) or resume ({@code true}) reading from the onward connection: the bytes
   * waiting for the client crossed the policy's rx flow thresholds.
   */
  void onwardRxFlow(boolean allow);

  /**
   * The session is over: hang up the client link (after writing anything already taken from
   * {@link ProxySession#nextWrite()}) and destroy the onward stream. {@code reason} is null when
   * the client simply went away or said DESTROYING; otherwise the protocol error or timeout.
   */
  void closed(SssProtocolException reason);
}
