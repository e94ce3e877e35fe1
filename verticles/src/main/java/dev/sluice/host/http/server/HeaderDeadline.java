package dev.sluice.host.http.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slowloris guard of one listener: an h1 connection must complete a request's headers within
 * the deadline of connecting, and again of each response (Vert.x has no such timer, and its idle
 * timeout does not fire while a peer trickles a byte at a time). A connection that misses it is
 * closed. h2 connections are guarded only until their first request (Netty bounds h2 headers);
 * Unix-socket peers, which have no address to tell them apart, only by the idle timeout.
 *
 * <p>Each connection's entry is touched only from that connection's context.
 */
final class HeaderDeadline {

  private static final Logger log = LoggerFactory.getLogger(HeaderDeadline.class);

  /** One guarded connection. */
  private static final class Guarded {
    final HttpConnection connection;
    /** The armed timer, -1 when none. */
    long timer = -1;
    /** Requests started and not finished. */
    int inFlight;

    Guarded(HttpConnection connection) {
      this.connection = connection;
    }
  }

  private final Vertx vertx;
  private final String name;
  private final long deadlineMs;
  /** Guarded connections by remote address. */
  private final Map<String, Guarded> connections = new ConcurrentHashMap<>();

  HeaderDeadline(Vertx vertx, String name, long deadlineMs) {
    this.vertx = vertx;
    this.name = name;
    this.deadlineMs = deadlineMs;
  }

  void connected(HttpConnection c) {
    String key = key(c.remoteAddress());
    if (key == null) {
      return;
    }
    Guarded g = new Guarded(c);
    connections.put(key, g);
    arm(g);
    c.closeHandler(v -> {
      connections.remove(key, g);
      cancel(g);
    });
  }

  void requestStarted(HttpServerRequest req) {
    String key = key(req.remoteAddress());
    Guarded g = key == null ? null : connections.get(key);
    if (g == null) {
      return;
    }
    cancel(g);
    if (req.version() == HttpVersion.HTTP_2) {
      connections.remove(key, g);
      return;
    }
    g.inFlight++;
  }

  void requestEnded(HttpServerRequest req) {
    String key = key(req.remoteAddress());
    Guarded g = key == null ? null : connections.get(key);
    if (g != null && --g.inFlight <= 0) {
      g.inFlight = 0;
      arm(g);
    }
  }

  /** The connection was upgraded to ws: it is no longer an HTTP connection. */
  void upgraded(SocketAddress remote) {
    String key = key(remote);
    Guarded g = key == null ? null : connections.remove(key);
    if (g != null) {
      cancel(g);
    }
  }

  void cancelAll() {
    connections.values().forEach(this::cancel);
    connections.clear();
  }

  private void arm(Guarded g) {
    cancel(g);
    g.timer = vertx.setTimer(deadlineMs, id -> {
      if (g.timer == id) {
        g.timer = -1;
        log.info("\"{}\": {} did not complete a request's headers within {} ms (sluice_header_timeout_ms); closed",
            name, g.connection.remoteAddress(), deadlineMs);
        g.connection.close();
      }
    });
  }

  private void cancel(Guarded g) {
    if (g.timer >= 0) {
      vertx.cancelTimer(g.timer);
      g.timer = -1;
    }
  }

  private static String key(SocketAddress a) {
    return a == null || a.isDomainSocket() ? null : a.host() + ":" + a.port();
  }
}
