package dev.sluice.policy;

import java.util.List;

/**
 * One {@code retry[]} entry: a backoff table and validity timing.
 *
 * @param name the name streamtypes refer to with {@code retry}
 * @param backoffMs delays before attempts 1, 2...; at most 8, the last one reused past the end
 * @param conceal failed attempts hidden from the user before ALL_RETRIES_FAILED
 * @param jitterPercent random extra delay in percent; 0 means lws's default of 30
 * @param validPingSecs seconds without proof of validity before a protocol ping; 0 = off
 * @param validHangupSecs seconds without proof of validity before hanging up; 0 = off
 */
public record RetryPolicy(String name, List<Integer> backoffMs, int conceal, int jitterPercent,
    int validPingSecs, int validHangupSecs) {

  /** lws's limit on backoff entries. */
  public static final int MAX_BACKOFF_ENTRIES = 8;

  public RetryPolicy {
    backoffMs = List.copyOf(backoffMs);
  }
}
