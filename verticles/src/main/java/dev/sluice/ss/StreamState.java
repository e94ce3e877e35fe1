package dev.sluice.ss;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states a stream reports to its handler, with lws's numbers ({@code lws_ss_constate_t}) and
 * lws's table of legal next states ({@code ss_state_txn_validity[]}). A state change that the
 * table does not allow is a bug in Sluice: it is logged with the stream's history and never
 * delivered.
 *
 * <p>{@link #USER} stands for every state at or above lws's USER_BASE (1000), which streams report
 * for an {@code http_resp_map} entry: the handler's {@code ack} then carries the mapped number
 * (e.g. 1530).
 */
public enum StreamState {
  CREATING(1),
  DISCONNECTED(2),
  /** The endpoint could not be reached; ack 1 means the name did not resolve. */
  UNREACHABLE(3),
  AUTH_FAILED(4),
  CONNECTED(5),
  CONNECTING(6),
  DESTROYING(7),
  /** A connection is about to be made because the application asked to send. */
  POLL(8),
  ALL_RETRIES_FAILED(9),
  QOS_ACK_REMOTE(10),
  QOS_NACK_REMOTE(11),
  QOS_ACK_LOCAL(12),
  QOS_NACK_LOCAL(13),
  TIMEOUT(14),
  SERVER_TXN(15),
  SERVER_UPGRADE(16),
  EVENT_WAIT_CANCELLED(17),
  /** The proxy is unreachable; ack is the ms spent trying. */
  UPSTREAM_LINK_RETRY(18),
  SINK_JOIN(19),
  SINK_PART(20),
  /** An application state from {@code http_resp_map}: ack is its number, 1000 or more. */
  USER(1000);

  /** lws's LWSSSCS_USER_BASE. */
  public static final int USER_BASE = 1000;

  private static final Map<StreamState, Set<StreamState>> NEXT = Map.ofEntries(
      Map.entry(CREATING, EnumSet.of(CONNECTING, TIMEOUT, POLL, SERVER_UPGRADE, DESTROYING)),
      Map.entry(DISCONNECTED, EnumSet.of(CONNECTING, TIMEOUT, POLL, DESTROYING)),
      Map.entry(UNREACHABLE, EnumSet.of(ALL_RETRIES_FAILED, TIMEOUT, POLL, CONNECTING, CONNECTED, DESTROYING)),
      Map.entry(AUTH_FAILED, EnumSet.of(ALL_RETRIES_FAILED, TIMEOUT, CONNECTING, DESTROYING)),
      Map.entry(CONNECTED, EnumSet.of(SERVER_UPGRADE, SERVER_TXN, AUTH_FAILED, QOS_ACK_REMOTE, QOS_NACK_REMOTE,
          QOS_ACK_LOCAL, QOS_NACK_LOCAL, DISCONNECTED, TIMEOUT, POLL, DESTROYING)),
      Map.entry(CONNECTING, EnumSet.of(UNREACHABLE, AUTH_FAILED, CONNECTING, CONNECTED, TIMEOUT, POLL, DISCONNECTED,
          DESTROYING)),
      Map.entry(DESTROYING, EnumSet.noneOf(StreamState.class)),
      Map.entry(POLL, EnumSet.of(CONNECTING, TIMEOUT, ALL_RETRIES_FAILED, DESTROYING)),
      Map.entry(ALL_RETRIES_FAILED, EnumSet.of(CONNECTING, TIMEOUT, DESTROYING)),
      Map.entry(QOS_ACK_REMOTE, EnumSet.of(DISCONNECTED, TIMEOUT, QOS_ACK_REMOTE, QOS_NACK_REMOTE, DESTROYING)),
      Map.entry(QOS_NACK_REMOTE, EnumSet.of(DISCONNECTED, TIMEOUT, QOS_ACK_REMOTE, QOS_NACK_REMOTE, DESTROYING)),
      Map.entry(QOS_ACK_LOCAL, EnumSet.of(DISCONNECTED, TIMEOUT, DESTROYING)),
      Map.entry(QOS_NACK_LOCAL, EnumSet.of(DESTROYING, TIMEOUT)),
      Map.entry(TIMEOUT, EnumSet.of(CONNECTING, CONNECTED, QOS_ACK_REMOTE, QOS_NACK_REMOTE, POLL, TIMEOUT,
          DISCONNECTED, UNREACHABLE, DESTROYING)),
      Map.entry(SERVER_TXN, EnumSet.of(DISCONNECTED, TIMEOUT, DESTROYING)),
      Map.entry(SERVER_UPGRADE, EnumSet.of(SERVER_TXN, TIMEOUT, DISCONNECTED, DESTROYING)));

  /**
   * {@link #NEXT} as bit masks by ordinal, read on every state report: an enum-keyed map lookup
   * and a set probe per report showed up in the per-request profile of short HTTP streams.
   */
  private static final long[] NEXT_MASK = new long[values().length];

  static {
    NEXT.forEach((from, next) -> {
      long mask = 0;
      for (StreamState s : next) {
        mask |= 1L << s.ordinal();
      }
      NEXT_MASK[from.ordinal()] = mask;
    });
  }

  private final int code;

  StreamState(int code) {
    this.code = code;
  }

  /** lws's number for the state; {@link #USER} answers 1000, the base of user states. */
  public int code() {
    return code;
  }

  /**
   * States that are passed through whatever the current state, and do not change it: user
   * states, EVENT_WAIT_CANCELLED, SERVER_TXN and UPSTREAM_LINK_RETRY (as lws).
   */
  public boolean isTransient() {
    return this == USER || this == EVENT_WAIT_CANCELLED || this == SERVER_TXN || this == UPSTREAM_LINK_RETRY
        || this == SINK_JOIN || this == SINK_PART;
  }

  /** True once nothing more can happen to the stream. */
  public boolean isTerminal() {
    return this == DESTROYING;
  }

  /** True for the states that end a connection attempt or transaction in failure. */
  public boolean isFailure() {
    return this == UNREACHABLE || this == AUTH_FAILED || this == ALL_RETRIES_FAILED || this == QOS_NACK_REMOTE
        || this == QOS_NACK_LOCAL || this == TIMEOUT;
  }

  /**
   * Whether a stream whose last (non-transient) state is {@code from} may report this state. A
   * stream that has reported nothing yet ({@code from == null}) may report CREATING or DESTROYING.
   */
  public boolean legalAfter(StreamState from) {
    if (isTransient()) {
      return true;
    }
    if (from == null) {
      return this == CREATING || this == DESTROYING;
    }
    return (NEXT_MASK[from.ordinal()] & (1L << ordinal())) != 0;
  }

  /** The state for an lws number; numbers of 1000 and more give {@link #USER}. */
  public static StreamState of(int code) {
    if (code >= USER_BASE) {
      return USER;
    }
    for (StreamState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("no stream state has the number " + code);
  }
}
