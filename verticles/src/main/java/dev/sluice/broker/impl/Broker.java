package dev.sluice.broker.impl;

import dev.sluice.broker.MqttBrokerOptions;
import dev.sluice.host.mqtt.TopicFilter;
import dev.sluice.host.mqtt.codec.MqttWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's state and routing: sessions by client id, the subscription tree, retained messages.
 * Everything runs on the broker verticle's event loop, so nothing here is locked. Every collection
 * is bounded by {@link MqttBrokerOptions}.
 */
public final class Broker {

  private static final Logger log = LoggerFactory.getLogger(Broker.class);

  final Vertx vertx;
  /** The broker verticle's context: every connection and timer runs on it. */
  final Context context;
  final MqttBrokerOptions options;
  private final Map<String, byte[]> passwords;
  private final Map<String, Session> sessions = new HashMap<>();
  private final SubscriptionTree tree = new SubscriptionTree();
  private final Map<String, Message> retained = new HashMap<>();
  private final Set<BrokerConnection> connections = new LinkedHashSet<>();
  private long autoIds;
  /** Messages dropped for full queues since the last warning, to warn once per burst. */
  private long dropsSinceWarning;
  private long lastDropWarning;

  /**
   * @param passwords user → password for logins; empty when only anonymous clients are allowed
   */
  public Broker(Vertx vertx, Context context, MqttBrokerOptions options, Map<String, byte[]> passwords) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.passwords = Map.copyOf(passwords);
  }

  /** A new TCP connection: served, or closed at once when the broker is full. */
  public void accept(NetSocket socket) {
    if (connections.size() >= options.getMaxConnections()) {
      log.warn("mqtt-broker: refusing {}: {} connections already (maxConnections)", socket.remoteAddress(),
          connections.size());
      socket.close();
      return;
    }
    connections.add(new BrokerConnection(this, socket));
  }

  /** Closes every connection (wills are not published: the broker is going away). */
  public void closeAll() {
    for (BrokerConnection c : List.copyOf(connections)) {
      c.shutdown();
    }
    connections.clear();
  }

  public int connectionCount() {
    return connections.size();
  }

  public int sessionCount() {
    return sessions.size();
  }

  public int retainedCount() {
    return retained.size();
  }

  /** Counters for diagnostics and tests (call on the broker's event loop). */
  public io.vertx.core.json.JsonObject stats() {
    long subs = 0;
    long queued = 0;
    long dropped = 0;
    for (Session s : sessions.values()) {
      subs += s.subscriptions.size();
      queued += s.queue.size();
      dropped += s.dropped;
    }
    return new io.vertx.core.json.JsonObject().put("connections", connections.size()).put("sessions", sessions.size())
        .put("subscriptions", subs).put("retained", retained.size()).put("queued", queued).put("dropped", dropped);
  }

  void closed(BrokerConnection c) {
    connections.remove(c);
  }

  String autoClientId() {
    return "sluice-auto-" + (++autoIds);
  }

  /** 0 when the login is accepted, else the CONNACK return code: 4 bad user or password, 5 not authorised. */
  int authenticate(String username, byte[] password) {
    if (username == null) {
      return options.isAllowAnonymous() && passwords.isEmpty() ? 0 : 5;
    }
    if (passwords.isEmpty()) {
      return options.isAllowAnonymous() ? 0 : 5;
    }
    byte[] expected = passwords.get(username);
    // Compared in constant time; a missing user still costs a comparison.
    boolean ok = MessageDigest.isEqual(expected == null ? new byte[32] : expected,
        password == null ? new byte[0] : password);
    return ok && expected != null ? 0 : 4;
  }

  /**
   * Binds {@code c} to the session of {@code clientId}: a clean start discards what was kept, a
   * persistent one resumes it. A client already connected with that id is disconnected first.
   *
   * @return the session; {@code present[0]} says whether a kept session was resumed
   */
  Session attach(BrokerConnection c, String clientId, boolean clean, boolean[] present) {
    Session s = sessions.get(clientId);
    if (s != null && s.connection != null && s.connection != c) {
      log.info("mqtt-broker: client \"{}\" connected again from {}; closing its previous connection", clientId,
          c.remote());
      s.connection.takenOver();
      s.connection = null;
    }
    if (s != null && clean) {
      discard(s);
      s = null;
    }
    present[0] = s != null;
    if (s == null) {
      evictIfFull();
      s = new Session(clientId, clean);
      sessions.put(clientId, s);
    }
    s.clean = clean;
    s.connection = c;
    return s;
  }

  /** The connection of {@code s} ended: a clean session goes, a persistent one waits offline. */
  void detach(Session s, BrokerConnection c) {
    if (s.connection != c) {
      return; // already taken over by a newer connection
    }
    s.connection = null;
    if (s.clean) {
      discard(s);
    } else {
      s.offlineSince = System.currentTimeMillis();
    }
  }

  private void discard(Session s) {
    for (String f : s.subscriptions.keySet()) {
      tree.unsubscribe(f, s);
    }
    sessions.remove(s.clientId, s);
  }

  private void evictIfFull() {
    if (sessions.size() < options.getMaxSessions()) {
      return;
    }
    Session oldest = null;
    for (Session s : sessions.values()) {
      if (!s.isOnline() && (oldest == null || s.offlineSince < oldest.offlineSince)) {
        oldest = s;
      }
    }
    if (oldest != null) {
      log.warn("mqtt-broker: {} sessions kept (maxSessions); dropping the oldest offline one, \"{}\"",
          sessions.size(), oldest.clientId);
      discard(oldest);
    }
  }

  // ------------------------------------------------------------------ subscriptions

  /** Adds the subscriptions and returns the SUBACK codes; retained messages follow via {@link #sendRetained}. */
  List<Integer> subscribe(Session s, List<String> filters, List<Integer> qos) {
    List<Integer> codes = new ArrayList<>(filters.size());
    for (int i = 0; i < filters.size(); i++) {
      String f = filters.get(i);
      if (!s.subscriptions.containsKey(f) && s.subscriptions.size() >= options.getMaxSubscriptionsPerClient()) {
        log.info("mqtt-broker: client \"{}\" holds {} subscriptions (maxSubscriptionsPerClient); refusing \"{}\"",
            s.clientId, s.subscriptions.size(), f);
        codes.add(0x80);
        continue;
      }
      s.subscriptions.put(f, qos.get(i));
      tree.subscribe(f, s, qos.get(i));
      codes.add(qos.get(i));
    }
    return codes;
  }

  /** The retained messages matching new ordinary (not shared) subscriptions, sent as retained. */
  void sendRetained(Session s, List<String> filters, List<Integer> codes) {
    for (int i = 0; i < filters.size(); i++) {
      String f = filters.get(i);
      if (codes.get(i) > 2 || SubscriptionTree.Parsed.of(f).group() != null) {
        continue;
      }
      for (Message m : retained.values()) {
        if (TopicFilter.matches(f, m.topic())) {
          deliver(s, m, Math.min(m.qos(), codes.get(i)), true);
        }
      }
    }
  }

  void unsubscribe(Session s, List<String> filters) {
    for (String f : filters) {
      if (s.subscriptions.remove(f) != null) {
        tree.unsubscribe(f, s);
      }
    }
  }

  // ------------------------------------------------------------------ routing

  /** Routes an accepted message: stores or clears it when retained, then delivers to subscribers. */
  void publish(Message m) {
    if (m.topic().startsWith("$CONTROL/")) {
      return; // reserved for broker control, which this broker does not offer
    }
    if (m.retain()) {
      retain(m);
    }
    for (Map.Entry<Session, Integer> e : tree.match(m.topic()).entrySet()) {
      deliver(e.getKey(), m, Math.min(m.qos(), e.getValue()), false);
    }
  }

  private void retain(Message m) {
    if (m.payload().length() == 0) {
      retained.remove(m.topic());
    } else if (retained.size() < options.getMaxRetained() || retained.containsKey(m.topic())) {
      retained.put(m.topic(), m);
    } else {
      log.warn("mqtt-broker: {} retained messages already (maxRetained); not retaining \"{}\"", retained.size(),
          m.topic());
    }
  }

  /** Sends now when the client can take it, else queues it (bounded); QoS 0 is not kept for offline clients. */
  void deliver(Session s, Message m, int qos, boolean retainFlag) {
    if (s.isOnline() && s.queue.isEmpty() && canSend(s, qos)) {
      send(s, m, qos, retainFlag);
      return;
    }
    if ((!s.isOnline() && qos == 0) || s.queue.size() >= options.getMaxQueued()) {
      s.dropped++;
      noteDrop(s);
      return;
    }
    s.queue.add(new Session.Queued(m, qos, retainFlag));
  }

  private boolean canSend(Session s, int qos) {
    return !s.connection.writeQueueFull() && (qos == 0 || s.inflight.size() < options.getMaxInflight());
  }

  private void send(Session s, Message m, int qos, boolean retainFlag) {
    int id = 0;
    if (qos > 0) {
      id = s.nextPacketId();
      s.inflight.put(id, new Session.Outgoing(m, qos, retainFlag));
    }
    s.connection.writePublish(m, qos, retainFlag, false, id);
  }

  /** Sends queued messages while the client has room. */
  void pump(Session s) {
    while (s.isOnline() && !s.queue.isEmpty()) {
      Session.Queued q = s.queue.peek();
      if (!canSend(s, q.qos())) {
        return;
      }
      s.queue.poll();
      send(s, q.message(), q.qos(), q.retain());
    }
  }

  private void noteDrop(Session s) {
    dropsSinceWarning++;
    long now = System.currentTimeMillis();
    if (now - lastDropWarning >= 10_000) {
      log.warn("mqtt-broker: dropped {} messages for slow or offline clients in the last {} s (e.g. \"{}\", "
          + "{} queued, maxQueued {})", dropsSinceWarning, lastDropWarning == 0 ? "few" : (now - lastDropWarning) / 1000,
          s.clientId, s.queue.size(), options.getMaxQueued());
      dropsSinceWarning = 0;
      lastDropWarning = now;
    }
  }
}
