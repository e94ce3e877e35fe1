package dev.sluice.broker.impl;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the broker keeps for one client id: its subscriptions, the messages sent to it and not yet
 * acknowledged, those waiting to be sent, and the QoS 2 messages it sent that await its PUBREL.
 * A clean session lives as long as its connection; a persistent one outlives it. Confined to the
 * broker's event loop.
 */
final class Session {

  /** Where an outgoing QoS 1 or 2 message stands. */
  enum Stage { AWAIT_PUBACK, AWAIT_PUBREC, AWAIT_PUBCOMP }

  /** A message sent to this client and not yet acknowledged. */
  static final class Outgoing {
    final Message message;
    final int qos;
    /** Whether it went out with the retain flag (a retained message sent on subscribe). */
    final boolean retain;
    Stage stage;

    Outgoing(Message message, int qos, boolean retain) {
      this.message = message;
      this.qos = qos;
      this.retain = retain;
      this.stage = qos == 1 ? Stage.AWAIT_PUBACK : Stage.AWAIT_PUBREC;
    }
  }

  /** A message waiting for room: its QoS for this client and whether it goes out as retained. */
  record Queued(Message message, int qos, boolean retain) {}

  /** A QoS 2 message from this client awaiting PUBREL, and how often it was sent again. */
  static final class Incoming {
    Message message;
    int repeats;

    Incoming(Message message) {
      this.message = message;
    }
  }

  final String clientId;
  /** Whether the session ends with its connection. */
  boolean clean;
  /** The live connection, or null while offline. */
  BrokerConnection connection;
  /** Filters and their QoS, as the client subscribed. */
  final Map<String, Integer> subscriptions = new LinkedHashMap<>();
  /** Unacknowledged messages by packet id, oldest first (resent in this order after a reconnect). */
  final LinkedHashMap<Integer, Outgoing> inflight = new LinkedHashMap<>();
  final ArrayDeque<Queued> queue = new ArrayDeque<>();
  final Map<Integer, Incoming> awaitingRelease = new HashMap<>();
  /** Messages dropped because the queue was full (or, for QoS 0, the client offline). */
  long dropped;
  /** When the session last went offline (ms), to evict the oldest first. */
  long offlineSince;
  private int lastPacketId;

  Session(String clientId, boolean clean) {
    this.clientId = clientId;
    this.clean = clean;
  }

  boolean isOnline() {
    return connection != null;
  }

  /** The next packet id not in use by an unacknowledged message. */
  int nextPacketId() {
    do {
      lastPacketId = lastPacketId == 0xffff ? 1 : lastPacketId + 1;
    } while (inflight.containsKey(lastPacketId));
    return lastPacketId;
  }
}
