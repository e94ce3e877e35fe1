package dev.sluice.sss;

import java.util.EnumSet;
import java.util.Set;

/**
 * The stream states a CONNSTATE frame carries, with lws's numbers ({@code lws_ss_constate_t}),
 * and lws's table of legal next states ({@code ss_state_txn_validity[]} in secure-streams.c), which
 * an SSPC client applies to every state the proxy forwards.
 */
public enum SssConnState {
  CREATING(1),
  DISCONNECTED(2),
  /** Ack 1 means the failure was DNS. */
  UNREACHABLE(3),
  AUTH_FAILED(4),
  CONNECTED(5),
  CONNECTING(6),
  DESTROYING(7),
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
  /** Ack is the milliseconds spent trying to reach the proxy. */
  UPSTREAM_LINK_RETRY(18),
  SINK_JOIN(19),
  SINK_PART(20);

  /** States from here up are the application's own ({@code http_resp_map} targets). */
  public static final long USER_BASE = 1000;

  private static final SssConnState[] BY_CODE = new SssConnState[21];

  static {
    for (SssConnState state : values()) {
      BY_CODE[state.code] = state;
    }
  }

  private final int code;

  SssConnState(int code) {
    this.code = code;
  }

  /** The state with this number, or null (user states and unknown numbers). */
  public static SssConnState fromCode(long code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
  }

  public int code() {
    return code;
  }

  /**
   * Transient states lws waves through without judging them or changing the remembered state:
   * user states, EVENT_WAIT_CANCELLED, SERVER_TXN and UPSTREAM_LINK_RETRY.
   */
  public static boolean isTransient(long code) {
    return code >= USER_BASE || code == EVENT_WAIT_CANCELLED.code || code == SERVER_TXN.code
        || code == UPSTREAM_LINK_RETRY.code;
  }

  /**
   * Whether lws allows moving from {@code previous} (null before the first state) to the state
   * numbered {@code next}. Transient states are always allowed; numbers lws's table does not
   * cover (SINK_JOIN, SINK_PART, unknown ones) never are.
   */
  public static boolean isLegal(SssConnState previous, long next) {
    if (isTransient(next)) {
      return true;
    }
    SssConnState target = fromCode(next);
    return target != null && target.code <= SERVER_UPGRADE.code
        && nextStates(previous).contains(target);
  }

  /** The table row for {@code previous} (null: no state yet). */
  static Set<SssConnState> nextStates(SssConnState previous) {
    if (previous == null) {
      return EnumSet.of(CREATING, DESTROYING);
    }
    switch (previous) {
      case CREATING:
        return EnumSet.of(CONNECTING, TIMEOUT, POLL, SERVER_UPGRADE, DESTROYING);
      case DISCONNECTED:
        return EnumSet.of(CONNECTING, CONNECTED, TIMEOUT, POLL, DESTROYING, UNREACHABLE);
      case UNREACHABLE:
        return EnumSet.of(ALL_RETRIES_FAILED, TIMEOUT, POLL, UNREACHABLE, CONNECTING, CONNECTED,
            DESTROYING);
      case AUTH_FAILED:
        return EnumSet.of(ALL_RETRIES_FAILED, TIMEOUT, CONNECTING, DESTROYING);
      case CONNECTED:
        return EnumSet.of(SERVER_UPGRADE, SERVER_TXN, AUTH_FAILED, QOS_ACK_REMOTE,
            QOS_NACK_REMOTE, QOS_ACK_LOCAL, QOS_NACK_LOCAL, DISCONNECTED, TIMEOUT, CONNECTING,
            POLL, DESTROYING);
      case CONNECTING:
        return EnumSet.of(UNREACHABLE, AUTH_FAILED, CONNECTING, CONNECTED, QOS_ACK_REMOTE,
            QOS_NACK_REMOTE, TIMEOUT, POLL, ALL_RETRIES_FAILED, DISCONNECTED, DESTROYING);
      case POLL:
        return EnumSet.of(CONNECTING, TIMEOUT, ALL_RETRIES_FAILED, DESTROYING);
      case ALL_RETRIES_FAILED:
        return EnumSet.of(CONNECTING, POLL, TIMEOUT, UNREACHABLE, DESTROYING);
      // lws built with MQTT (as we always are) also allows a further ACK or NACK
      case QOS_ACK_REMOTE:
        return EnumSet.of(DISCONNECTED, TIMEOUT, CONNECTING, QOS_ACK_REMOTE, QOS_NACK_REMOTE,
            DESTROYING);
      case QOS_NACK_REMOTE:
        return EnumSet.of(DISCONNECTED, TIMEOUT, QOS_ACK_REMOTE, QOS_NACK_REMOTE, DESTROYING);
      case QOS_ACK_LOCAL:
        return EnumSet.of(DISCONNECTED, TIMEOUT, DESTROYING);
      case QOS_NACK_LOCAL:
        return EnumSet.of(DESTROYING, TIMEOUT);
      case TIMEOUT:
        return EnumSet.of(CONNECTING, CONNECTED, QOS_ACK_REMOTE, QOS_NACK_REMOTE, POLL, TIMEOUT,
            DISCONNECTED, UNREACHABLE, DESTROYING);
      case SERVER_TXN:
        return EnumSet.of(DISCONNECTED, TIMEOUT, SERVER_TXN, DESTROYING);
      case SERVER_UPGRADE:
        return EnumSet.of(SERVER_UPGRADE, SERVER_TXN, TIMEOUT, DISCONNECTED, DESTROYING);
      default:
        // DESTROYING and states outside the table lead nowhere
        return EnumSet.noneOf(SssConnState.class);
    }
  }

  /** The lws-style name for any state number, e.g. {@code CONNECTED} or {@code USER(1003)}. */
  public static String nameOf(long code) {
    SssConnState state = fromCode(code);
    if (state != null) {
      return state.name();
    }
    return code >= USER_BASE ? "USER(" + code + ")" : "UNKNOWN(" + code + ")";
  }
}
