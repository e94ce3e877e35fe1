package dev.sluice.host.ws;

import dev.sluice.host.ws.impl.WsServerStream;
import dev.sluice.ss.spi.AcceptedStreams;
import dev.sluice.ss.spi.ServeSpec;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns an accepted Vert.x {@link ServerWebSocket} into an accepted stream of a server streamtype:
 * builds its {@link StreamSpec} (flag ACCEPTED, the connection's context), asks the acceptor for
 * the client side, attaches the hosted stream and starts it. The stream reports CREATING,
 * CONNECTING, CONNECTED and SERVER_UPGRADE, receives and sends with the same strict RFC 6455 rules
 * as client streams, and reports DISCONNECTED then DESTROYING when the connection ends.
 *
 * <p>Used by the ws listener of {@link WsStreamHost} and by any HTTP listener that upgrades
 * requests to ws; such a listener must set up its server with {@link #strictOptions}.
 */
public final class WsServerSession implements AcceptedStreams.Member {

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final String tag;
  private final WsServerStream stream;
  private final Context context;
  private final Promise<Void> gone;

  private WsServerSession(String tag, WsServerStream stream, Context context, Promise<Void> gone) {
    this.tag = tag;
    this.stream = stream;
    this.context = context;
    this.gone = gone;
  }

  /**
   * Applies what strict RFC 6455 needs to the options of a server that accepts ws: no
   * permessage-deflate (Vert.x 5.0.7 passes Netty's inflater no size limit, and once an extension is
   * allowed Netty passes reserved bits through where the frame API cannot see them), the frame
   * limit, the closing timeout. Call it before creating the server.
   */
  public static HttpServerOptions strictOptions(HttpServerOptions o, WsHostOptions ws) {
    return o.setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(ws.getMaxFrameSize())
        .setMaxWebSocketMessageSize(ws.getMaxMessageSize())
        .setWebSocketClosingTimeout(ws.getCloseTimeoutSecs())
        .setAcceptUnmaskedFrames(false);
  }

  /**
   * Whether an upgrade may go on for a streamtype with {@code subprotocol} (its {@code
   * ws_subprotocol}, "" for none): a client that offers subprotocols must offer it; one that offers
   * none is accepted, as lws does.
   */
  public static boolean offersSubprotocol(ServerWebSocketHandshake hs, String subprotocol) {
    return offersSubprotocol(hs.headers(), subprotocol);
  }

  /** {@link #offersSubprotocol(ServerWebSocketHandshake, String)} for a handshake's request headers. */
  public static boolean offersSubprotocol(MultiMap headers, String subprotocol) {
    String offered = headers.get("sec-websocket-protocol");
    return subprotocol.isEmpty() || offered == null || offered.isBlank()
        || Arrays.stream(offered.split(",")).map(String::trim).anyMatch(subprotocol::equals);
  }

  /** {@link #accept(ServerWebSocket, ServeSpec, WsHostOptions)} with the default limits. */
  public static WsServerSession accept(ServerWebSocket ws, ServeSpec serve) {
    return accept(ws, serve, new WsHostOptions());
  }

  /**
   * Starts the accepted stream of {@code ws}. Call it from the WebSocket handler, on the connection's
   * context, before returning (frames that arrive later go to the stream).
   *
   * @throws IllegalStateException when not called on a Vert.x context
   */
  public static WsServerSession accept(ServerWebSocket ws, ServeSpec serve, WsHostOptions options) {
    Context ctx = Vertx.currentContext();
    if (ctx == null) {
      throw new IllegalStateException("WsServerSession.accept must be called on the connection's context");
    }
    String peer = ws.remoteAddress() == null ? "?" : ws.remoteAddress().toString();
    String tag = "ws-" + SEQUENCE.incrementAndGet() + "|" + serve.type().name() + "|" + peer;
    StreamSpec spec = new StreamSpec(tag, serve.type(), serve.policy(), Map.of(), ctx, StreamSpec.FLAG_ACCEPTED);
    Promise<Void> gone = Promise.promise();
    ServeSpec.Attachment client = serve.acceptor().accept(spec);
    WsServerStream stream = new WsServerStream(spec, client, ws, options.limits(), options.getMaxQueuedBroadcasts(),
        gone::tryComplete);
    client.attach(stream);
    WsServerSession session = new WsServerSession(tag, stream, ctx, gone);
    stream.begin();
    return session;
  }

  /** The stream's tag in logs. */
  public String tag() {
    return tag;
  }

  /**
   * Sends a whole message to this peer (a broadcast), on the connection's own event loop; safe from
   * any thread. If the stream is in the middle of sending a fragmented message, the message waits
   * for its end. Completes when the message was handed to the connection, or failed when the
   * stream is gone or too many messages wait.
   */
  @Override
  public Future<Void> send(Buffer payload, int flags) {
    Promise<Void> p = Promise.promise();
    Runnable r = () -> {
      if (stream.isDestroyed() || !stream.link().sendMessage(payload, flags)) {
        p.fail("stream is closed or its broadcast queue is full");
      } else {
        p.complete();
      }
    };
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
    return p.future();
  }

  /** Closes the connection (the stream reports DISCONNECTED, then DESTROYING); safe from any thread. */
  @Override
  public Future<Void> close() {
    if (Vertx.currentContext() == context) {
      stream.disconnect();
      stream.destroy();
    } else {
      context.runOnContext(v -> {
        stream.disconnect();
        stream.destroy();
      });
    }
    return gone.future();
  }

  /** Completes once the stream has been destroyed. */
  @Override
  public Future<Void> closed() {
    return gone.future();
  }

  public boolean isClosed() {
    return gone.future().isComplete();
  }
}
