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

  /** The address where any node hosting {@code protocol} takes Create frames. */
  static String hostAddress(dev.sluice.policy.Protocol protocol) {
    return "sluice.host." + protocol.policyName();
  }

  /** How often each side pings, and after how much silence the other side counts as gone. */
  static final long PING_MS = 1000;
  static final long LOST_AFTER_MS = 4000;
}
