package dev.sluice.web.impl;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slowloris guard of one listener: a connection must complete a request's headers within the
 * deadline of opening, and again within the deadline of its last response ending while no other
 * request is in flight. The idle timeout alone would not do, since a client trickling one byte at
 * a time is never idle. Everything runs on the connection's event loop.
 *
 * <p>Requests only note the time; the connection's one timer checks when it fires and, if the
 * connection has been busy meanwhile, sets itself again for the time still left. Cancelling and
 * setting a timer around every request cost more than serving a small file.
 */
final class HeaderDeadline {

  private static final Logger log = LoggerFactory.getLogger(HeaderDeadline.class);

  /**
   * One connection: its timer (0 when none runs), its requests whose responses have not ended, and
   * when it last had none (System.nanoTime).
   */
  static final class State {
    private final HttpConnection conn;
    private long timer;
    private int inFlight;
    private long idleSince;

    private State(HttpConnection conn) {
      this.conn = conn;
    }
  }

  private final Vertx vertx;
  private final String tag;
  private final long deadlineMs;
  /** Open connections of the listener. */
  private final Map<HttpConnection, State> states = new ConcurrentHashMap<>();
  /** The state {@link #started} found last; only touched on the listener's event loop. */
  private State last;

  HeaderDeadline(Vertx vertx, String tag, long deadlineMs) {
    this.vertx = vertx;
    this.tag = tag;
    this.deadlineMs = deadlineMs;
  }

  /** A connection opened: its first request's headers are due. */
  void opened(HttpConnection conn) {
    log.debug("{}: connection from {} opened", tag, conn.remoteAddress());
    State s = new State(conn);
    s.idleSince = System.nanoTime();
    states.put(conn, s);
    conn.closeHandler(v -> {
      State gone = states.remove(conn);
      if (last == gone) {
        last = null;
      }
      if (gone != null && gone.timer != 0) {
        vertx.cancelTimer(gone.timer);
      }
    });
    arm(s);
  }

  /** A request's headers arrived on {@code conn}; returns its state for {@link #ended}. */
  State started(HttpConnection conn) {
    // An h2 connection brings its requests in bursts: the last one looked up saves a map lookup
    // per request (requests come on the listener's one event loop).
    State s = last;
    if (s == null || s.conn != conn) {
      s = states.get(conn);
      last = s;
    }
    if (s != null) {
      s.inFlight++;
    }
    return s;
  }

  /** A response ended: with nothing else in flight, the next request's headers are due. */
  void ended(State s) {
    if (s != null && --s.inFlight == 0) {
      s.idleSince = System.nanoTime();
      if (s.timer == 0 && states.containsKey(s.conn)) {
        arm(s, deadlineMs);
      }
    }
  }

  /** Cancels every timer (the listener is closing). */
  void close() {
    states.values().forEach(this::disarm);
    states.clear();
    last = null;
  }

  int connections() {
    return states.size();
  }

  private void arm(State s) {
    arm(s, deadlineMs);
  }

  private void arm(State s, long delayMs) {
    disarm(s);
    s.timer = vertx.setTimer(Math.max(1, delayMs), id -> {
      s.timer = 0;
      if (!states.containsKey(s.conn)) {
        return;
      }
      if (s.inFlight > 0) {
        arm(s, deadlineMs); // busy: nothing is due while a response is outstanding
        return;
      }
      long idleMs = (System.nanoTime() - s.idleSince) / 1_000_000;
      if (idleMs < deadlineMs) {
        arm(s, deadlineMs - idleMs); // a request came and went since: the deadline runs from its end
        return;
      }
      log.info("{}: {} completed no request headers within {} ms; closed", tag, s.conn.remoteAddress(), deadlineMs);
      s.conn.close();
    });
  }

  private void disarm(State s) {
    if (s.timer != 0) {
      vertx.cancelTimer(s.timer);
      s.timer = 0;
    }
  }
}
