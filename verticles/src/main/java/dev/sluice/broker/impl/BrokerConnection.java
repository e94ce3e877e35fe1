package dev.sluice.broker.impl;

import dev.sluice.host.mqtt.codec.MqttPacketType;
import dev.sluice.host.mqtt.codec.MqttProtocolException;
import dev.sluice.host.mqtt.codec.MqttWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's TCP connection: decodes its packets, runs the MQTT 3.1.1 flows for it, and watches
 * the CONNECT deadline and the keep-alive. A broken rule closes this connection with a log line
 * naming the packet and the rule; the broker and every other client carry on.
 */
final class BrokerConnection {

  private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

  private final Broker broker;
  private final NetSocket socket;
  private final ClientPacketReader reader;
  private final String remote;
  /** The session once CONNECT was accepted; null before. */
  private Session session;
  private ClientPacket.Will will;
  private int keepAliveSecs;
  /** When a byte last arrived (ms), for the keep-alive. */
  private long lastSeen = System.currentTimeMillis();
  private long connectTimer;
  private long keepAliveTimer = -1;
  /** Flush at once when this much is pending. */
  private static final int FLUSH_AT = 64 * 1024;
  /** Bytes written this turn and not yet handed to the socket; null when none. */
  private Buffer pending;
  private boolean flushScheduled;
  /** Set once closing began; later packets and writes are ignored. */
  private boolean closing;
  /** The client said DISCONNECT (or the broker is shutting down): no will. */
  private boolean willDiscarded;

  BrokerConnection(Broker broker, NetSocket socket) {
    this.broker = broker;
    this.socket = socket;
    this.remote = String.valueOf(socket.remoteAddress());
    this.reader = new ClientPacketReader(broker.options.getMaxPacketSize(), this::onPacket);
    socket.handler(this::onData);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(t -> log.debug("mqtt-broker: {}: {}", who(), t.toString()));
    socket.drainHandler(v -> {
      if (session != null) {
        broker.pump(session);
      }
    });
    long deadline = broker.options.getConnectTimeoutMs();
    connectTimer = broker.vertx.setTimer(deadline, id -> {
      connectTimer = -1;
      if (session == null && !closing) {
        log.info("mqtt-broker: {}: no CONNECT within {} ms; closing", who(), deadline);
        close();
      }
    });
  }

  String remote() {
    return remote;
  }

  private String who() {
    return session == null ? remote : "client \"" + session.clientId + "\" (" + remote + ")";
  }

  boolean writeQueueFull() {
    return socket.writeQueueFull() || (pending != null && pending.length() >= FLUSH_AT);
  }

  /**
   * Queues bytes for the client. Everything written during one turn of the event loop (all the
   * deliveries one read of a publisher produces) leaves in one socket write at the end of the turn,
   * rather than one system call per message.
   */
  void write(Buffer b) {
    if (closing) {
      return;
    }
    if (pending == null) {
      pending = Buffer.buffer(Math.max(512, b.length()));
    }
    pending.appendBuffer(b);
    afterWrite();
  }

  /** A PUBLISH encoded straight into the pending output. */
  void writePublish(Message m, int qos, boolean retain, boolean dup, int packetId) {
    if (closing) {
      return;
    }
    if (pending == null) {
      pending = Buffer.buffer(Math.max(512, m.payload().length() + m.topicUtf8().length + 8));
    }
    MqttWriter.publishInto(pending, m.topicUtf8(), m.payload(), qos, retain, dup, packetId);
    afterWrite();
  }

  private void afterWrite() {
    if (pending.length() >= FLUSH_AT) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      broker.context.runOnContext(v -> {
        flushScheduled = false;
        flush();
      });
    }
  }

  private void flush() {
    Buffer b = pending;
    if (b != null && b.length() > 0) {
      pending = null;
      socket.write(b);
    }
  }

  // ------------------------------------------------------------------ input

  private void onData(Buffer data) {
    lastSeen = System.currentTimeMillis();
    if (closing) {
      return;
    }
    try {
      reader.feed(data);
    } catch (MqttProtocolException e) {
      protocolError(e.getMessage());
    }
  }

  private void protocolError(String what) {
    if (!closing) {
      log.info("mqtt-broker: {}: {}; closing the connection", who(), what);
      close();
    }
  }

  private void onPacket(ClientPacket p) {
    if (closing) {
      return;
    }
    if (p instanceof ClientPacket.Connect c) {
      onConnect(c);
    } else if (p instanceof ClientPacket.RefusedConnect r) {
      log.info("mqtt-broker: {}: CONNECT refused: {}", who(), r.reason());
      write(r.mqtt5Style() ? MqttWriter.connackV5(r.code()) : MqttWriter.connack(false, r.code()));
      close();
    } else if (p instanceof ClientPacket.Publish pub) {
      onPublish(pub);
    } else if (p instanceof ClientPacket.Ack a) {
      onAck(a);
    } else if (p instanceof ClientPacket.Subscribe s) {
      List<Integer> codes = broker.subscribe(session, s.filters(), s.qos());
      write(MqttWriter.suback(s.packetId(), codes));
      broker.sendRetained(session, s.filters(), codes);
    } else if (p instanceof ClientPacket.Unsubscribe u) {
      broker.unsubscribe(session, u.filters());
      write(MqttWriter.unsuback(u.packetId()));
    } else if (p instanceof ClientPacket.PingReq) {
      write(MqttWriter.pingresp());
    } else if (p instanceof ClientPacket.Disconnect) {
      willDiscarded = true;
      close();
    }
  }

  private void onConnect(ClientPacket.Connect c) {
    cancelConnectTimer();
    String id = c.clientId();
    if (id.isEmpty()) {
      if (c.level() == 3 || !c.cleanSession()) {
        log.info("mqtt-broker: {}: empty client id {}; refused (2)", who(),
            c.level() == 3 ? "in MQTT 3.1" : "with a persistent session [MQTT-3.1.3-7]");
        write(MqttWriter.connack(false, 2));
        close();
        return;
      }
      id = broker.autoClientId();
    }
    int auth = broker.authenticate(c.username(), c.password());
    if (auth != 0) {
      // The user name may be logged; the password never is.
      log.info("mqtt-broker: {}: login refused ({}) for user {}", who(), auth,
          c.username() == null ? "(none)" : "\"" + c.username() + "\"");
      write(MqttWriter.connack(false, auth));
      close();
      return;
    }
    boolean[] present = new boolean[1];
    session = broker.attach(this, id, c.cleanSession(), present);
    will = c.will();
    write(MqttWriter.connack(present[0] && c.level() == 4, 0));
    log.debug("mqtt-broker: {} connected (clean {}, keep-alive {} s, session present {})", who(),
        c.cleanSession(), c.keepAliveSecs(), present[0]);
    resume();
    startKeepAlive(c.keepAliveSecs());
  }

  /** After a reconnect: unacknowledged messages again (DUP), then what queued while offline. */
  private void resume() {
    for (Map.Entry<Integer, Session.Outgoing> e : session.inflight.entrySet()) {
      Session.Outgoing o = e.getValue();
      if (o.stage == Session.Stage.AWAIT_PUBCOMP) {
        write(MqttWriter.ack(MqttPacketType.PUBREL, e.getKey()));
      } else {
        writePublish(o.message, o.qos, o.retain, true, e.getKey());
      }
    }
    broker.pump(session);
  }

  private void onPublish(ClientPacket.Publish p) {
    Message m = new Message(p.topic(), p.payload(), p.qos(), p.retain());
    switch (p.qos()) {
      case 0 -> broker.publish(m);
      case 1 -> {
        broker.publish(m);
        write(MqttWriter.ack(MqttPacketType.PUBACK, p.packetId()));
      }
      default -> {
        Session.Incoming held = session.awaitingRelease.get(p.packetId());
        if (held != null && held.message.sameAs(m)) {
          if (++held.repeats > 1) {
            protocolError("QoS 2 PUBLISH " + p.packetId() + " sent a third time before its PUBREL");
            return;
          }
        } else if (held != null) {
          held.message = m; // the id was reused for another message: that one replaces it
          held.repeats = 0;
        } else if (session.awaitingRelease.size() >= broker.options.getMaxAwaitingRelease()) {
          protocolError(session.awaitingRelease.size() + " QoS 2 messages already await PUBREL (maxAwaitingRelease)");
          return;
        } else {
          session.awaitingRelease.put(p.packetId(), new Session.Incoming(m));
        }
        write(MqttWriter.ack(MqttPacketType.PUBREC, p.packetId()));
      }
    }
  }

  private void onAck(ClientPacket.Ack a) {
    int id = a.packetId();
    if (a.type() == MqttPacketType.PUBREL) {
      Session.Incoming held = session.awaitingRelease.remove(id);
      if (held != null) {
        broker.publish(held.message);
      }
      write(MqttWriter.ack(MqttPacketType.PUBCOMP, id));
      return;
    }
    Session.Outgoing o = session.inflight.get(id);
    if (o == null) {
      // Not ours (already acknowledged, or never sent): PUBREC still gets its PUBREL, as Mosquitto does.
      if (a.type() == MqttPacketType.PUBREC) {
        write(MqttWriter.ack(MqttPacketType.PUBREL, id));
      }
      return;
    }
    switch (a.type()) {
      case PUBACK -> {
        if (o.stage != Session.Stage.AWAIT_PUBACK) {
          protocolError("PUBACK " + id + " for a QoS 2 message [MQTT-4.3.3]");
          return;
        }
        session.inflight.remove(id);
        broker.pump(session);
      }
      case PUBREC -> {
        if (o.stage == Session.Stage.AWAIT_PUBACK) {
          protocolError("PUBREC " + id + " for a QoS 1 message [MQTT-4.3.2]");
          return;
        }
        o.stage = Session.Stage.AWAIT_PUBCOMP;
        write(MqttWriter.ack(MqttPacketType.PUBREL, id));
      }
      default -> { // PUBCOMP
        if (o.stage != Session.Stage.AWAIT_PUBCOMP) {
          protocolError("PUBCOMP " + id + " before PUBREC [MQTT-4.3.3]");
          return;
        }
        session.inflight.remove(id);
        broker.pump(session);
      }
    }
  }

  // ------------------------------------------------------------------ timers and closing

  private void startKeepAlive(int secs) {
    keepAliveSecs = secs;
    if (secs == 0) {
      return;
    }
    long graceMs = secs * 1500L; // one and a half times the keep-alive [MQTT-3.1.2-24]
    keepAliveTimer = broker.vertx.setPeriodic(Math.max(250, secs * 500L), id -> {
      if (System.currentTimeMillis() - lastSeen > graceMs) {
        log.info("mqtt-broker: {}: nothing received for {} ms (keep-alive {} s); closing", who(), graceMs,
            keepAliveSecs);
        close();
      }
    });
  }

  private void cancelConnectTimer() {
    if (connectTimer >= 0) {
      broker.vertx.cancelTimer(connectTimer);
      connectTimer = -1;
    }
  }

  /** Another connection took over this client id. */
  void takenOver() {
    close();
  }

  /** The broker is stopping: close without publishing the will. */
  void shutdown() {
    willDiscarded = true;
    close();
  }

  private void close() {
    if (!closing) {
      flush();
      closing = true;
      socket.close();
    }
  }

  private void onClosed() {
    closing = true;
    cancelConnectTimer();
    if (keepAliveTimer >= 0) {
      broker.vertx.cancelTimer(keepAliveTimer);
      keepAliveTimer = -1;
    }
    broker.closed(this);
    if (session != null) {
      Session s = session;
      if (!willDiscarded && will != null) {
        broker.publish(new Message(will.topic(), will.payload(), will.qos(), will.retain()));
      }
      broker.detach(s, this);
    }
  }
}
