package dev.sluice.host.http.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.VertxWrapper;
import io.vertx.core.net.impl.NetServerInternal;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.NetServerImpl;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header deadline of a connection's first request on a cleartext listener with h2c on.
 *
 * <p>There Vert.x 5.0.7 holds a new connection in its h2c detection ({@code Http1xOrH2CHandler},
 * then {@code Http1xUpgradeToH2CHandler}) until the first request's headers are complete, and only
 * then creates the HTTP connection and calls the server's connection handler; so a
 * {@link HeaderDeadline} armed from that handler cannot see a client trickling its first request.
 * The HTTP server has no accept hook, but it builds its socket server through {@code
 * VertxInternal.createNetServer}, whose {@code NetServerImpl.initChannel} runs on every accepted
 * channel before the HTTP handlers are added. {@link #createHttpServer} hands the HTTP server a
 * Vert.x wrapper whose socket server adds a handler there that closes the channel when the deadline
 * passes; the server's connection handler calls {@link #met} once the HTTP connection exists (the
 * first request's headers are complete, or an h2 preface came), which removes the handler and its
 * timer, and the connection's own {@link HeaderDeadline} takes over.
 *
 * <p>This relies on Vert.x internals (HttpServerImpl, VertxWrapper, NetServerImpl, ConnectionBase)
 * as they are in 5.0.7; SlowClientTest fails if they change.
 */
public final class AcceptDeadline {

  private static final Logger log = LoggerFactory.getLogger(AcceptDeadline.class);

  /** The name of the handler in the channel pipeline. */
  static final String NAME = "sluiceAcceptDeadline";

  private AcceptDeadline() {
  }

  /**
   * An HTTP server like {@code vertx.createHttpServer(options)} whose every accepted connection is
   * closed {@code deadlineMs} after accepting unless {@link #met} is called for it before.
   *
   * @param tag names the listener in the log
   */
  public static HttpServer createHttpServer(Vertx vertx, HttpServerOptions options, long deadlineMs, String tag) {
    VertxInternal real = (VertxInternal) vertx;
    VertxInternal wrapped = new VertxWrapper(real) {
      @Override
      public NetServerInternal createNetServer(NetServerOptions o) {
        return new NetServerImpl(delegate, o.copy()) {
          @Override
          protected void initChannel(ChannelPipeline pipeline, boolean ssl) {
            super.initChannel(pipeline, ssl);
            pipeline.addLast(NAME, new Timer(deadlineMs, tag));
          }
        };
      }
    };
    return new HttpServerImpl(wrapped, options);
  }

  /** The HTTP connection exists: its first request's headers came, so the accept deadline is met. */
  public static void met(HttpConnection conn) {
    if (conn instanceof ConnectionBase base) {
      ChannelPipeline p = base.channel().pipeline();
      if (p.get(NAME) != null) {
        try {
          p.remove(NAME);
        } catch (java.util.NoSuchElementException gone) {
          // removed meanwhile (the channel closed)
        }
      }
    }
  }

  /** Closes its channel when the deadline passes; removed (and cancelled) when it is met. */
  private static final class Timer extends ChannelHandlerAdapter {
    private final long deadlineMs;
    private final String tag;
    private ScheduledFuture<?> task;

    Timer(long deadlineMs, String tag) {
      this.deadlineMs = deadlineMs;
      this.tag = tag;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      task = ctx.executor().schedule(() -> {
        log.info("{}: {} completed no request headers within {} ms of connecting; closed", tag, ch.remoteAddress(),
            deadlineMs);
        ch.close();
      }, deadlineMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      if (task != null) {
        task.cancel(false);
        task = null;
      }
    }
  }
}
