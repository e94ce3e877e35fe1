package dev.sluice.web.impl;

import dev.sluice.host.http.server.AcceptDeadline;
import dev.sluice.host.ws.WsHostOptions;
import dev.sluice.host.ws.WsServerSession;
import dev.sluice.policy.StreamKey;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.web.WebServerOptions.Limits;
import dev.sluice.web.WebServerOptions.ListenerOptions;
import dev.sluice.web.WebServerOptions.MountOptions;
import dev.sluice.web.WebServerOptions.MountType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket shared by the vhosts that name it: h1 and h2c with prior knowledge in the
 * clear, h2 or h1 by ALPN over TLS. It applies the listener limits (idle timeout, header deadline,
 * header and request-line sizes, h2 concurrent streams; Vert.x's rapid-reset guard stays on) and
 * gives each request to the vhost its Host header names, or to the first.
 */
final class Listener {

  private static final Logger log = LoggerFactory.getLogger(Listener.class);

  private final Vertx vertx;
  private final ListenerOptions options;
  private final List<Vhost> vhosts;
  private final Limits limits;
  private final HeaderDeadline deadline;
  /** Set by start(); null before. */
  private HttpServer server;

  Listener(Vertx vertx, ListenerOptions options, List<Vhost> vhosts, Limits limits) {
    this.vertx = vertx;
    this.options = options;
    this.vhosts = List.copyOf(vhosts);
    this.limits = limits;
    this.deadline = new HeaderDeadline(vertx, "web " + options.address(), limits.headerTimeoutMs());
  }

  static HttpServerOptions serverOptions(ListenerOptions l, Limits limits) {
    HttpServerOptions o = new HttpServerOptions()
        .setHost(l.host())
        .setPort(l.port())
        .setIdleTimeout(limits.idleTimeoutMs())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxHeaderSize(limits.maxHeaderSize())
        .setMaxInitialLineLength(limits.maxInitialLineLength())
        .setInitialSettings(new Http2Settings()
            .setMaxConcurrentStreams(limits.maxConcurrentStreams())
            .setMaxHeaderListSize(limits.maxHeaderSize()))
        .setHttp2ClearTextEnabled(l.h2c())
        .setCompressionSupported(false)
        .setDecompressionSupported(false);
    if (l.tls()) {
      o.setSsl(true).setUseAlpn(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(l.certPem().toString()).setKeyPath(l.keyPem().toString()));
    }
    return o;
  }

  Future<Void> start() {
    HttpServerOptions o = serverOptions(options, limits);
    List<String> subprotocols = webSocketSubprotocols();
    if (!subprotocols.isEmpty()) {
      // Stream mounts whose streamtype takes ws upgrades: the handshake must be able to answer with
      // their subprotocols, under the same strict frame rules as the streamtypes' own listeners.
      WsServerSession.strictOptions(o, new WsHostOptions()).setWebSocketSubProtocols(subprotocols);
    }
    // With h2c on in the clear, Vert.x makes the connection only once its first request's headers are
    // complete: the accept-time deadline covers that first request.
    boolean heldUntilHeaders = options.h2c() && !options.tls();
    server = (heldUntilHeaders
        ? AcceptDeadline.createHttpServer(vertx, o, limits.headerTimeoutMs(), "web " + options.address())
        : vertx.createHttpServer(o))
        .connectionHandler(c -> {
          AcceptDeadline.met(c);
          deadline.opened(c);
        })
        .requestHandler(this::request)
        .invalidRequestHandler(this::invalid);
    return server.listen().map(s -> {
      log.info("web: listening on {}{} for vhosts {}", options.tls() ? "https://" : "http://",
          options.host() + ":" + s.actualPort(), vhosts.stream().map(Vhost::name).toList());
      return null;
    });
  }

  /**
   * The ws_subprotocol of every server streamtype mounted on this listener's vhosts, from the
   * active policy when the listener starts (a policy update that changes one needs a restart).
   */
  private List<String> webSocketSubprotocols() {
    Set<String> subs = new LinkedHashSet<>();
    PolicyHolder.of(vertx).current().ifPresent(active -> {
      for (Vhost v : vhosts) {
        for (MountOptions m : v.options().mounts()) {
          if (m.type() == MountType.STREAM) {
            active.policy().streamType(m.streamtype()).map(t -> t.string(StreamKey.WS_SUBPROTOCOL))
                .filter(sub -> !sub.isEmpty()).ifPresent(subs::add);
          }
        }
      }
    });
    return List.copyOf(subs);
  }

  private void request(HttpServerRequest req) {
    Vhost v = pick(req.authority());
    req.response().endHandler(new RequestEnd(deadline.started(req.connection()), v, req));
    v.handle(req);
  }

  /**
   * What a request's end does. Vert.x calls a response's end handler when it ends and also when
   * its connection (h1) or stream (h2) closes before it did, so this one handler serves both: the
   * next headers become due, and an ended response gets its access-log line.
   */
  private final class RequestEnd implements io.vertx.core.Handler<Void> {
    private final HeaderDeadline.State state;
    private final Vhost vhost;
    private final HttpServerRequest req;
    private boolean over;

    RequestEnd(HeaderDeadline.State state, Vhost vhost, HttpServerRequest req) {
      this.state = state;
      this.vhost = vhost;
      this.req = req;
    }

    @Override
    public void handle(Void ignored) {
      if (!over) {
        over = true;
        deadline.ended(state);
        if (req.response().ended()) {
          vhost.ended(req);
        }
      }
    }
  }

  /** A request Vert.x could not decode (bad line, oversized headers): its answer, then close. */
  private void invalid(HttpServerRequest req) {
    log.debug("web {}: undecodable request from {}; answered and closed", options.address(), req.remoteAddress());
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(req);
  }

  private Vhost pick(HostAndPort authority) {
    if (vhosts.size() > 1 && authority != null) {
      String host = authority.host().toLowerCase(Locale.ROOT);
      for (Vhost v : vhosts) {
        if (!v.options().hostnames().contains("*") && v.answers(host)) {
          return v;
        }
      }
      for (Vhost v : vhosts) {
        if (v.answers(host)) {
          return v;
        }
      }
    }
    return vhosts.get(0);
  }

  int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  ListenerOptions options() {
    return options;
  }

  /** Stops accepting, lets requests in flight finish for up to the shutdown timeout, then closes. */
  Future<Void> shutdown() {
    deadline.close();
    return server == null ? Future.succeededFuture()
        : server.shutdown(limits.shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
  }
}
