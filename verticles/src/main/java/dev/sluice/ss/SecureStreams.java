package dev.sluice.ss;

import dev.sluice.ss.impl.SecureStreamsImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * Entry point for applications: streams by streamtype name, everything else from the policy.
 *
 * <pre>{@code
 * SecureStreams ss = SecureStreams.create(vertx);
 * ss.create("mintest", Map.of(), new StreamHandler() {
 *   public CallbackResult rx(Buffer b, int flags) { ...; return CallbackResult.OK; }
 *   public CallbackResult state(StreamState s, long ack) { ...; return CallbackResult.OK; }
 * }).onSuccess(SecureStream::requestTx);
 * }</pre>
 *
 * <p>Needs the policy loaded in this Vert.x instance (the {@code PolicyVerticle}, deployed by
 * {@code sluice run} or by {@link #create(Vertx)}'s caller).
 */
public interface SecureStreams {

  /** Streams served by the hosts of this Vert.x instance. */
  static SecureStreams create(Vertx vertx) {
    return SecureStreamsImpl.local(vertx);
  }

  /**
   * Streams through an SS proxy, with lws's client behaviour: one link per stream over a socket
   * (many channels over one mux for {@code stdio:}), CREATING once the proxy has created the
   * stream, metadata then the length hint then ONWARD_CONNECT on {@code requestTx}, and
   * UPSTREAM_LINK_RETRY every second while the proxy cannot be reached. The policy is the
   * proxy's; a local policy, if loaded, only checks metadata names early. {@code serve} is not
   * available through a proxy. {@link #close} ends the links (and a {@code stdio:} command).
   *
   * @throws IllegalArgumentException for an abstract socket when Vert.x runs without epoll
   */
  static SecureStreams connect(Vertx vertx, ProxyAddress address) {
    return SecureStreamsImpl.proxied(vertx, address);
  }

  /** Frees what {@link #connect} opened (a {@code stdio:} command); nothing for local streams. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /**
   * Creates a stream of {@code streamtype}. The handler sees CREATING at once; a nailed-up
   * streamtype connects straight away, any other waits for {@code requestTx()} or {@code connect()}.
   * Fails if the policy has no such streamtype or a metadata name is not declared.
   */
  Future<SecureStream> create(String streamtype, Map<String, String> metadata, StreamHandler handler);

  default Future<SecureStream> create(String streamtype, StreamHandler handler) {
    return create(streamtype, Map.of(), handler);
  }

  /**
   * One transaction: connects, sends {@code body} if not null, and completes with the whole
   * response payload at QOS_ACK_REMOTE; fails with a {@link StreamFailedException} naming the state
   * that ended it otherwise.
   */
  Future<Buffer> fetch(String streamtype, Map<String, String> metadata, Buffer body);

  default Future<Buffer> fetch(String streamtype, Map<String, String> metadata) {
    return fetch(streamtype, metadata, null);
  }

  /**
   * Serves a server streamtype ({@code "server": true}): listens where the policy says, and for
   * each accepted connection (or HTTP request) creates a stream with the ACCEPTED flag and asks
   * {@code acceptor} for its handler. Accepted streams go CREATING, CONNECTING, CONNECTED at once;
   * an HTTP request then reports SERVER_TXN (answer with {@link SecureStream#serverAck()} or
   * {@link SecureStream#serverNack(int)}), a ws upgrade SERVER_UPGRADE. The acceptor and the handlers
   * run on the accepting connection's event loop.
   */
  Future<StreamServer> serve(String streamtype, java.util.function.Function<SecureStream, StreamHandler> acceptor);

  /** A stream as a Vert.x {@code ReadStream<Buffer>} and {@code WriteStream<Buffer>} with back-pressure. */
  Future<StreamChannel> open(String streamtype, Map<String, String> metadata);
}
