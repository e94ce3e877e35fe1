package dev.sluice.ss;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * A handle on one stream. Methods may be called from any thread; they take effect on the
 * stream's event loop. A destroyed stream ignores them.
 */
public interface SecureStream {

  /** The streamtype the stream was created with. */
  String streamtype();

  /** A short tag for logs, e.g. "ss-17|fetch". */
  String tag();

  /** The last non-transient state reported to the handler. */
  StreamState state();

  /**
   * Asks for a {@code tx} callback when the stream can send. With no connection, this starts one
   * (POLL, then CONNECTING), unless the stream is waiting to retry.
   */
  void requestTx();

  /** As {@link #requestTx()}, and tells the peer the length of the whole body (content-length). */
  void requestTx(long length);

  /** Connects now, resetting the retry count (lws's {@code lws_ss_client_connect}). */
  void connect();

  /**
   * Sets metadata for the next connection: {@code ${name}} in the endpoint, URL or topic, and the
   * request header the policy binds to the name.
   *
   * @throws IllegalArgumentException if the streamtype does not declare {@code name}
   */
  void setMetadata(String name, String value);

  /** The current value of a metadata item: what was set, or what a response header filled in. */
  Optional<String> metadata(String name);

  /** Starts the stream's timeout: TIMEOUT is reported after {@code ms} (0: the policy's timeout_ms). */
  void startTimeout(long ms);

  void cancelTimeout();

  /** Gives the peer {@code bytes} more transmit credit (h2 and MQTT). */
  void addPeerTxCredit(int bytes);

  /**
   * Server streams, at SERVER_TXN: accept the request; the response status is 200 and the body
   * comes from {@code tx} (request it with {@link #requestTx(long)}). The {@code mime} metadata, if
   * the streamtype declares it, sets the content type.
   */
  void serverAck();

  /** Server streams, at SERVER_TXN: refuse the request with {@code status} (400 to 599). */
  void serverNack(int status);

  /** Closes the connection; retry and nailed-up rules decide what follows. */
  void disconnect();

  /** Reports DESTROYING and frees the stream and its connection. Safe inside a callback. */
  Future<Void> destroy();
}
