package dev.sluice.policy;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The retry delays of one stream, computed exactly as lws's {@code lws_retry_get_delay_ms()}:
 *
 * <pre>
 * ms = 3000, pc = 30                          (no policy, or an empty table)
 * ms = table[min(tries, count - 1)]           (past the end, the last entry is reused)
 * pc = jitterpc if it is not 0
 * ms += ((ms * pc * random16) >> 16) / 100    (uniform in [ms, ms * (1 + pc/100)))
 * tries++ (saturating at 0xffff); conceal = tries <= conceal count
 * </pre>
 *
 * A conceal of false means "give up": report ALL_RETRIES_FAILED instead of waiting. An HTTP
 * Retry-After (503/429) can only lengthen the wait. Not thread-safe: it belongs to one stream.
 */
public final class RetrySchedule {

  /** lws's delay when there is no retry policy or its table is empty. */
  public static final long DEFAULT_DELAY_MS = 3000;
  /** lws's jitter when the policy gives none. */
  public static final int DEFAULT_JITTER_PERCENT = 30;

  /**
   * One decision.
   *
   * @param delayMs how long to wait before the next attempt
   * @param conceal true to retry after {@code delayMs}; false to give up
   * @param tries how many failures this schedule has counted, this one included
   */
  public record Step(long delayMs, boolean conceal, int tries) {}

  /** The policy, or null for lws's behaviour without one. */
  private final RetryPolicy policy;
  /** Source of 16-bit random values (0 to 65535); injectable so tests can check exact delays. */
  private final IntSupplier random16;
  /** Failed attempts so far (lws's ctry); reset by a successful connection. */
  private int tries;

  public RetrySchedule(RetryPolicy policy, IntSupplier random16) {
    this.policy = policy;
    this.random16 = Objects.requireNonNull(random16, "random16");
  }

  /** Jitter only spreads reconnects: no secret depends on it, so the fast thread-local source will do. */
  private static final IntSupplier JITTER = () -> java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000);

  /**
   * A schedule with a thread-local random source. (A SecureRandom per stream cost more than the rest
   * of a short HTTP stream's setup together.)
   */
  public static RetrySchedule of(RetryPolicy policy) {
    return new RetrySchedule(policy, JITTER);
  }

  /** The decision after a failed attempt. */
  public Step next() {
    return next(0);
  }

  /** The decision after a failed attempt whose server asked for {@code retryAfterMs} (0 = none). */
  public Step next(long retryAfterMs) {
    long ms = DEFAULT_DELAY_MS;
    long pc = DEFAULT_JITTER_PERCENT;
    int conceal = 0;
    if (policy != null) {
      int n = policy.backoffMs().size();
      if (n > 0) {
        ms = Integer.toUnsignedLong(policy.backoffMs().get(Math.min(tries, n - 1)));
      }
      if (policy.jitterPercent() != 0) {
        pc = policy.jitterPercent();
      }
      conceal = policy.conceal();
    }
    long ra = random16.getAsInt() & 0xffff;
    ms += ((ms * pc * ra) >>> 16) / 100;
    if (tries < 0xffff) {
      tries++;
    }
    return new Step(Math.max(ms, retryAfterMs), tries <= conceal, tries);
  }

  /** Forgets the failures: called on a successful connection and on an explicit connect. */
  public void reset() {
    tries = 0;
  }

  public int tries() {
    return tries;
  }
}
