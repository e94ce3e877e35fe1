package dev.sluice.ss.spi;

import io.vertx.core.buffer.Buffer;

/**
 * What the client side tells the host of a stream (client → host frames). Called on the stream's
 * context. After {@link #destroy()} every call is ignored.
 */
public interface HostedStream {

  /** Reports CREATING and, for a nailed-up streamtype, connects. Called once, after open. */
  void start();

  /** lws_ss_client_connect: connect now, resetting the retry count. */
  void connect();

  /** lws_ss_request_tx(_len): the client has something to send; -1 when the length is unknown. */
  void requestTx(long lengthHint);

  /** The client's answer to {@link StreamClient#onTxReady}: a payload to send. */
  void tx(Buffer payload, int flags);

  /** The client's answer to {@link StreamClient#onTxReady}: nothing to send now. */
  void txNone();

  /** Metadata for the next connection (already checked against the streamtype's declarations). */
  void setMetadata(String name, String value);

  /** Starts the stream timeout after {@code ms} (0: the policy's timeout_ms); a negative value cancels it. */
  void timeout(long ms);

  /** Receive flow control: false stops reading from the connection until true. */
  void rxFlow(boolean enabled);

  /** More transmit credit for the peer (h2 and MQTT). */
  void addPeerTxCredit(int bytes);

  /**
   * Server streams: the application's answer to SERVER_TXN; 0 accepts (200), another value is the
   * status to refuse with. Client streams ignore it.
   */
  default void serverAck(int status) {
  }

  /** Close the connection; the policy decides what follows. */
  void disconnect();

  /** Close everything and report DESTROYING. */
  void destroy();
}
