package dev.sluice.proxy.impl;

import dev.sluice.proxy.SsProxyOptions;
import dev.sluice.sss.SssProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every link and stream of one proxy shares: its Vert.x, its context, its options, its
 * counters, and where it announces closed links. Counters are atomics so that stats may be read
 * from any thread.
 */
public final class ProxyCore {

  /** Published for every link or stream closed with a reason: link, carrier, rule, error. */
  public static final String CLOSED_ADDRESS = "sluice.proxy.closed";

  final Vertx vertx;
  final Context context;
  final SsProxyOptions options;
  /** Accepted links open now (a muxed link counts once). */
  final AtomicLong links = new AtomicLong();
  /** Proxy sessions open now (one per stream: per link, or per mux channel). */
  final AtomicLong sessions = new AtomicLong();
  /** Onward streams not yet destroyed. */
  final AtomicLong onward = new AtomicLong();
  /** Links accepted since start. */
  final AtomicLong accepted = new AtomicLong();
  /** Links and streams closed with a protocol error or timeout since start. */
  final AtomicLong errors = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();

  public ProxyCore(Vertx vertx, Context context, SsProxyOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
  }

  String nextTag(String carrier) {
    return "proxy-" + carrier + "#" + sequence.incrementAndGet();
  }

  /** A stream or link ended with a reason: counted, and announced on {@link #CLOSED_ADDRESS}. */
  void closedWithError(String tag, String carrier, String streamType, SssProtocolException reason) {
    errors.incrementAndGet();
    JsonObject notice = new JsonObject().put("link", tag).put("carrier", carrier)
        .put("rule", reason.rule().name()).put("error", reason.getMessage());
    if (streamType != null) {
      notice.put("streamtype", streamType);
    }
    vertx.eventBus().publish(CLOSED_ADDRESS, notice);
  }

  /** Counts, for the dashboard and the tests' baseline checks. */
  public JsonObject stats() {
    return new JsonObject().put("links", links.get()).put("sessions", sessions.get())
        .put("onward", onward.get()).put("accepted", accepted.get()).put("errors", errors.get());
  }
}
