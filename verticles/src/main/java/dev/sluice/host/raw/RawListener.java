package dev.sluice.host.raw;

import dev.sluice.host.http.server.ServerLimits;
import dev.sluice.host.ws.impl.ServerTls;
import dev.sluice.policy.StreamType;
import dev.sluice.ss.StreamServer;
import dev.sluice.ss.spi.AcceptedStreams;
import dev.sluice.ss.spi.ListenAddress;
import dev.sluice.ss.spi.ServeSpec;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener of a raw server streamtype: each accepted TCP (or Unix-socket, optionally TLS)
 * connection is an accepted stream whose bytes are its rx and tx. The idle timeout of {@link
 * ServerLimits} applies.
 */
final class RawListener implements StreamServer {

  private static final Logger log = LoggerFactory.getLogger(RawListener.class);
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Vertx vertx;
  private final ServeSpec serve;
  private final AcceptedStreams accepted = new AcceptedStreams();
  /** Set by listen(); null before. */
  private NetServer server;

  private RawListener(Vertx vertx, ServeSpec serve) {
    this.vertx = vertx;
    this.serve = serve;
  }

  static Future<StreamServer> start(Vertx vertx, ServeSpec serve) {
    RawListener l = new RawListener(vertx, serve);
    try {
      return l.listen().map(l);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> listen() {
    StreamType type = serve.type();
    ServerLimits limits = ServerLimits.of(type);
    NetServerOptions o = new NetServerOptions()
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, limits.idleTimeoutMs()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    ServerTls.keyCert(serve.policy(), type).ifPresent(kc -> o.setSsl(true).setKeyCertOptions(kc));
    SocketAddress address = ListenAddress.of(type).orElseThrow(() -> new IllegalArgumentException(
        "raw server streamtype \"" + type.name() + "\": endpoint \"" + ListenAddress.endpoint(type)
            + "\" attaches to another listener, which raw streams cannot"));
    server = vertx.createNetServer(o).connectHandler(this::accept);
    return server.listen(address).map(s -> {
      log.info("raw listener for \"{}\" on {}", type.name(), ListenAddress.describe(type, s.actualPort()));
      return null;
    });
  }

  private void accept(NetSocket socket) {
    Context ctx = vertx.getOrCreateContext();
    String peer = socket.remoteAddress() == null ? "?" : socket.remoteAddress().toString();
    String tag = "raw-" + SEQUENCE.incrementAndGet() + "|" + serve.type().name() + "|" + peer;
    StreamSpec spec = new StreamSpec(tag, serve.type(), serve.policy(), Map.of(), ctx, StreamSpec.FLAG_ACCEPTED);
    Promise<Void> gone = Promise.promise();
    ServeSpec.Attachment client = serve.acceptor().accept(spec);
    RawSocketStream stream = new RawSocketStream(spec, client, socket, gone::tryComplete);
    client.attach(stream);
    accepted.add(new Session(stream, ctx, gone));
    stream.begin();
  }

  /** An accepted raw stream as the broadcast set sees it. */
  private record Session(RawSocketStream stream, Context context, Promise<Void> gone)
      implements AcceptedStreams.Member {

    @Override
    public Future<Void> send(Buffer payload, int flags) {
      Promise<Void> p = Promise.promise();
      context.runOnContext(v -> {
        if (stream.writeUnsolicited(payload)) {
          p.complete();
        } else {
          p.fail("stream " + stream + " is closed");
        }
      });
      return p.future();
    }

    @Override
    public Future<Void> close() {
      context.runOnContext(v -> {
        stream.disconnect();
        stream.destroy();
      });
      return gone.future();
    }

    @Override
    public Future<Void> closed() {
      return gone.future();
    }
  }

  @Override
  public String streamtype() {
    return serve.type().name();
  }

  @Override
  public int actualPort() {
    return server == null || server.actualPort() <= 0 ? -1 : server.actualPort();
  }

  @Override
  public int streams() {
    return accepted.size();
  }

  @Override
  public Future<Void> broadcast(Buffer payload, int flags) {
    return accepted.broadcast(payload, flags);
  }

  @Override
  public Future<Void> close() {
    return accepted.closeAll().eventually(() -> server == null ? Future.succeededFuture() : server.close());
  }
}
