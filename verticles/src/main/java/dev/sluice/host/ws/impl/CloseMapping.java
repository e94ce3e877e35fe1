package dev.sluice.host.ws.impl;

/**
 * What the end of a client connection means for the stream (docs/websocket.md has the table).
 *
 * <ul>
 *   <li>{@link #AUTH_FAILED}: the peer closed with 1008 (policy violation), 3000 (unauthorized) or
 *       3003 (forbidden). The stream reports AUTH_FAILED with the code as ack and retries as for a
 *       failed connection (ALL_RETRIES_FAILED when the policy gives up).
 *   <li>{@link #RETRY}: the peer closed with 1012 (service restart) or 1013 (try again later). The
 *       stream reports DISCONNECTED and reconnects by the retry policy even if it is not nailed up;
 *       when the policy gives up, QOS_NACK_REMOTE (ack = the code), then DISCONNECTED.
 *   <li>{@link #DISCONNECTED}: everything else (1000, 1001, no code, a dropped connection, a peer
 *       that broke the protocol, a validity hang-up). DISCONNECTED; nailed_up reconnects by the
 *       retry policy.
 * </ul>
 */
enum CloseMapping {
  AUTH_FAILED, RETRY, DISCONNECTED;

  static CloseMapping of(WsLink.Closed how) {
    if (how.initiator() != WsLink.Initiator.PEER) {
      return DISCONNECTED;
    }
    return switch (how.code()) {
      case CloseCodes.POLICY_VIOLATION, CloseCodes.UNAUTHORIZED, CloseCodes.FORBIDDEN -> AUTH_FAILED;
      case CloseCodes.SERVICE_RESTART, CloseCodes.TRY_AGAIN_LATER -> RETRY;
      default -> DISCONNECTED;
    };
  }
}
