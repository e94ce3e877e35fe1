package dev.sluice.sss.mux;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Timing and clocks for a {@link MuxLink}.
 *
 * @param role which end this is (decides channel ids)
 * @param pingInterval how often a live link is checked (lws examples: 10 s)
 * @param pongGrace how long a PONG may take before the link is declared down (examples: 2 s)
 * @param retryInterval how long after a failure the next PING goes (lws: 2 s)
 * @param monotonicMicros the clock PING carries and PONG echoes
 * @param unixMicros wall clock in microseconds, sent in PONGACK
 */
public record MuxLinkOptions(MuxRole role, Duration pingInterval, Duration pongGrace,
    Duration retryInterval, LongSupplier monotonicMicros, LongSupplier unixMicros) {

  public MuxLinkOptions {
    positive("pingInterval", pingInterval);
    positive("pongGrace", pongGrace);
    positive("retryInterval", retryInterval);
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " " + value + " must be positive");
    }
  }

  /** lws's example timings with the system clocks. */
  public static MuxLinkOptions of(MuxRole role) {
    return new MuxLinkOptions(role, Duration.ofSeconds(10), Duration.ofSeconds(2),
        Duration.ofSeconds(2), () -> System.nanoTime() / 1000,
        () -> System.currentTimeMillis() * 1000);
  }

  public MuxLinkOptions withClocks(LongSupplier monotonic, LongSupplier unix) {
    return new MuxLinkOptions(role, pingInterval, pongGrace, retryInterval, monotonic, unix);
  }

  public MuxLinkOptions withTimings(Duration ping, Duration grace, Duration retry) {
    return new MuxLinkOptions(role, ping, grace, retry, monotonicMicros, unixMicros);
  }
}
