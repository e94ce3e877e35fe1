package dev.sluice.cluster;

import dev.sluice.frame.StreamFrame;
import dev.sluice.frame.StreamFrameCodec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.shareddata.LocalMap;

/** Sends stream frames over the (clustered) event bus with their binary codec. */
final class Frames {
  private Frames() {}

  static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(StreamFrameCodec.NAME);

  /** Registers the codec once per Vert.x instance. */
  static void register(Vertx vertx) {
    LocalMap<String, Boolean> m = vertx.sharedData().getLocalMap("sluice.runtime.codecs");
    synchronized (Frames.class) {
      if (m.putIfAbsent(StreamFrameCodec.NAME, Boolean.TRUE) == null) {
        vertx.eventBus().registerCodec(new StreamFrameCodec());
      }
    }
  }

  static void send(Vertx vertx, String address, StreamFrame f) {
    vertx.eventBus().send(address, f, OPTIONS);
  }

  /**
   * Waits until {@code address} answers a Ping from this node. A consumer registered on another node
   * becomes visible here only when the cluster's subscription map has caught up; a frame sent before
   * that is dropped silently, so each side proves the other's address first.
   */
  static io.vertx.core.Future<Void> reachable(Vertx vertx, String address, int attemptsLeft) {
    return vertx.eventBus().request(address, new StreamFrame.Ping(), new DeliveryOptions(OPTIONS).setSendTimeout(1000))
        .<Void>mapEmpty()
        .recover(e -> attemptsLeft <= 1 ? io.vertx.core.Future.failedFuture(
            new IllegalStateException(address + " is not reachable: " + e.getMessage()))
            : vertx.timer(100).compose(t -> reachable(vertx, address, attemptsLeft - 1)));
  }

  /** The address where any node hosting {@code protocol} takes Create frames. */
  static String hostAddress(dev.sluice.policy.Protocol protocol) {
    return "sluice.host." + protocol.policyName();
  }

  /** How often each side pings, and after how much silence the other side counts as gone. */
  static final long PING_MS = 1000;
  static final long LOST_AFTER_MS = 4000;
}
