package dev.sluice.host.mqtt;

import dev.sluice.host.mqtt.codec.MqttPacket;
import dev.sluice.host.mqtt.codec.MqttPacketType;
import dev.sluice.host.mqtt.codec.MqttProtocolException;
import dev.sluice.host.mqtt.codec.MqttReader;
import dev.sluice.host.mqtt.codec.MqttWriter;
import dev.sluice.ss.StreamState;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 3.1.1 connection to a broker, shared by every stream to it. Keeps what must survive a
 * reconnect: QoS 1 and 2 messages not yet acknowledged (resent with DUP after the next CONNACK)
 * and the subscriptions of the attached streams (sent again). Confined to the context that created
 * it; members on other contexts are called on theirs (one hop, as the docs say for shared
 * connections).
 */
final class MqttConnection {

  private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

  /** A stream attached to the connection. Every method is called on the member's own context. */
  interface Member {
    Context context();

    /** The filter this stream subscribes to, or null. */
    String filter();

    int subscribeQos();

    /** Connected (and subscribed, when the stream has a filter). */
    void ready();

    /**
     * The connection failed or closed; {@code refusal} is AUTH_FAILED for a credentials refusal,
     * else null; {@code unacknowledged} says whether messages of this stream await their ack.
     */
    void lost(String why, StreamState refusal, boolean unacknowledged);

    void delivered(MqttPacket.Publish p);

    /** The broker acknowledged a message this stream published. */
    void acked(int packetId);
  }

  /** What the CONNECT says; fixed by the first stream (all streams to a broker should agree, as in lws). */
  record Settings(String host, int port, boolean tls, String authority, MqttWriter.Connect connect,
      io.vertx.core.net.ClientSSLOptions ssl, Birth birth) {

    @Override
    public String toString() {
      return "mqtt " + authority; // never the credentials
    }
  }

  /** The birth message published after each CONNACK (lws's mqtt_birth_*). */
  record Birth(String topic, Buffer payload, int qos, boolean retain) {}

  private enum State { IDLE, CONNECTING, AWAITING_CONNACK, CONNECTED }

  /** A published message waiting for its acknowledgement. */
  private record Inflight(String topic, Buffer payload, int qos, boolean retain, Member member) {}

  private final MqttStreamHost host;
  private final Settings settings;
  private final Context context;
  private final Vertx vertx;
  private final String tag;
  private final Runnable onEmpty;
  private State state = State.IDLE;
  /** Streams attached now, in attach order. */
  private final Set<Member> members = new LinkedHashSet<>();
  /** Streams waiting for a SUBACK, by the SUBSCRIBE's packet id. */
  private final Map<Integer, List<Member>> awaitingSuback = new LinkedHashMap<>();
  /** Filters subscribed on the current connection. */
  private final Set<String> subscribed = new HashSet<>();
  /** Unacknowledged QoS 1/2 publishes by packet id, in order; survive reconnects. */
  private final TreeMap<Integer, Inflight> inflight = new TreeMap<>();
  /** QoS 2 packet ids received and answered with PUBREC, waiting for PUBREL. */
  private final Set<Integer> qos2Received = new HashSet<>();
  /** The last packet id used (1 to 65535). */
  private int lastPacketId;
  private NetSocket socket;
  private MqttReader reader;
  /** ms timestamps of the last packet sent and received, for keep-alive. */
  private long lastSent;
  private long lastReceived;
  /** Timers, -1 when not armed. */
  private long keepAliveTimer = -1;
  private long connackTimer = -1;
  /** Packets written this turn of the loop, sent together by one flush; null when none are pending. */
  private Buffer batch;
  /** Messages handed to a member inline in the current burst (bounds the recursion of a fast publisher). */
  private int burst;
  /** Streams waiting for room (socket drained, in-flight below the maximum) before sending more. */
  private final List<Runnable> waitingForRoom = new ArrayList<>();
  /** Numbers socket generations so events of a closed socket are ignored. */
  private int generation;

  MqttConnection(MqttStreamHost host, Settings settings, Context context, Runnable onEmpty) {
    this.host = host;
    this.settings = settings;
    this.context = context;
    this.vertx = context.owner();
    this.tag = "mqtt " + settings.authority();
    this.onEmpty = onEmpty;
  }

  // ------------------------------------------------------------------ members (called from any context)

  void attach(Member m) {
    run(() -> {
      members.add(m);
      switch (state) {
        case IDLE -> connect();
        case CONNECTED -> {
          if (m.filter() != null && !subscribed.contains(m.filter())) {
            subscribe(List.of(m));
          } else {
            notify(m, Member::ready);
          }
        }
        default -> { } // told when the CONNACK comes
      }
    });
  }

  void detach(Member m) {
    run(() -> {
      if (!members.remove(m)) {
        return;
      }
      awaitingSuback.values().forEach(l -> l.remove(m));
      String f = m.filter();
      if (f != null && state == State.CONNECTED && members.stream().noneMatch(o -> f.equals(o.filter()))) {
        subscribed.remove(f);
        write(MqttWriter.unsubscribe(nextPacketId(), List.of(f)));
      }
      closeIfUnused();
    });
  }

  /** Publishes a message; QoS 1 and 2 stay in flight until acknowledged, across reconnects. */
  void publish(Member m, String topic, Buffer payload, int qos, boolean retain) {
    run(() -> {
      int id = 0;
      if (qos > 0) {
        id = nextPacketId();
        inflight.put(id, new Inflight(topic, payload, qos, retain, m));
      }
      if (state == State.CONNECTED) {
        write(MqttWriter.publish(topic, payload, qos, retain, false, id));
      } else if (qos == 0) {
        log.debug("{}: QoS 0 message to {} dropped: not connected", tag, topic);
      }
    });
  }

  int inflightCount() {
    return inflight.size();
  }

  /**
   * Runs {@code then} on the member's context once another message can be sent: the socket's write
   * queue has drained and fewer than the maximum QoS 1/2 messages are in flight. This is the
   * back-pressure that keeps a fast publisher from queueing without bound.
   */
  void whenRoom(Member m, Runnable then) {
    run(() -> {
      if (hasRoom()) {
        if (m.context() == context && burst < 64) {
          // A burst of messages in one turn shares one socket write and flush.
          burst++;
          then.run();
        } else {
          // On a later turn of the member's loop, so a fast publisher does not grow the stack.
          burst = 0;
          m.context().runOnContext(v -> then.run());
        }
      } else {
        waitingForRoom.add(() -> notify(m, x -> then.run()));
        NetSocket s = socket;
        if (s != null) {
          s.drainHandler(v -> wakeWaiters());
        }
      }
    });
  }

  private boolean hasRoom() {
    NetSocket s = socket;
    return (s == null || !s.writeQueueFull()) && inflight.size() < host.options().getMaxInflight();
  }

  private void wakeWaiters() {
    if (!waitingForRoom.isEmpty() && hasRoom()) {
      List<Runnable> w = new ArrayList<>(waitingForRoom);
      waitingForRoom.clear();
      w.forEach(Runnable::run);
    }
  }

  // ------------------------------------------------------------------ connection

  private void connect() {
    state = State.CONNECTING;
    int gen = ++generation;
    NetClient client = host.netClient();
    ConnectOptions co = new ConnectOptions().setHost(settings.host()).setPort(settings.port())
        .setSsl(settings.tls());
    if (settings.ssl() != null) {
      co.setSslOptions(settings.ssl());
    }
    client.connect(co).onComplete(ar -> {
      if (gen != generation) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        String why = ar.cause().getMessage() == null ? ar.cause().getClass().getSimpleName() : ar.cause().getMessage();
        dropped("cannot connect: " + why, null);
        return;
      }
      opened(gen, ar.result());
    });
  }

  private void opened(int gen, NetSocket s) {
    socket = s;
    reader = new MqttReader(host.options().getMaxPacketSize(), this::received);
    s.handler(buf -> {
      if (gen != generation) {
        return;
      }
      lastReceived = System.currentTimeMillis();
      try {
        reader.feed(buf);
      } catch (MqttProtocolException e) {
        log.warn("{}: closing the connection: {}", tag, e.getMessage());
        s.close();
        dropped(e.getMessage(), null);
      } catch (RuntimeException e) {
        // A bug of ours must not reach the event loop: this connection ends, the others go on.
        log.error("{}: closing the connection after an internal error: {}", tag, e.toString(), e);
        s.close();
        dropped("internal error: " + e, null);
      }
    });
    s.closeHandler(v -> {
      if (gen == generation) {
        dropped("the broker closed the connection", null);
      }
    });
    s.exceptionHandler(t -> {
      if (gen == generation) {
        log.debug("{}: socket error: {}", tag, t.toString());
      }
    });
    state = State.AWAITING_CONNACK;
    lastReceived = System.currentTimeMillis();
    write(MqttWriter.connect(settings.connect()));
    connackTimer = vertx.setTimer(host.options().getConnectTimeoutMs(), id -> {
      connackTimer = -1;
      if (gen == generation && state == State.AWAITING_CONNACK) {
        log.warn("{}: no CONNACK within {} ms", tag, host.options().getConnectTimeoutMs());
        s.close();
        dropped("no CONNACK within " + host.options().getConnectTimeoutMs() + " ms", null);
      }
    });
  }

  private void received(MqttPacket p) {
    if (p instanceof MqttPacket.ConnAck ca) {
      connAck(ca);
    } else if (p instanceof MqttPacket.Publish pub) {
      publishReceived(pub);
    } else if (p instanceof MqttPacket.Ack a) {
      ackReceived(a);
    } else if (p instanceof MqttPacket.SubAck sa) {
      subAck(sa);
    }
    // UNSUBACK and PINGRESP need nothing beyond having arrived (keep-alive counts every packet).
  }

  private void connAck(MqttPacket.ConnAck ca) {
    cancelConnackTimer();
    if (ca.returnCode() != 0) {
      String why = "the broker refused the connection: " + connackReason(ca.returnCode());
      StreamState refusal = ca.returnCode() == 4 || ca.returnCode() == 5 ? StreamState.AUTH_FAILED : null;
      log.warn("{}: {}", tag, why);
      socket.close();
      dropped(why, refusal);
      return;
    }
    state = State.CONNECTED;
    subscribed.clear();
    startKeepAlive();
    // Resend what was not acknowledged, in order, marked as duplicates (a new birth replaces the old).
    inflight.values().removeIf(f -> f.member() == null);
    for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
      Inflight f = e.getValue();
      write(MqttWriter.publish(f.topic(), f.payload(), f.qos(), f.retain(), true, e.getKey()));
    }
    List<Member> withFilter = new ArrayList<>();
    for (Member m : members) {
      if (m.filter() != null) {
        withFilter.add(m);
      } else {
        notify(m, Member::ready);
      }
    }
    if (!withFilter.isEmpty()) {
      subscribe(withFilter);
    }
    Birth b = settings.birth();
    if (b != null) {
      int id = b.qos() > 0 ? nextPacketId() : 0;
      if (id != 0) {
        inflight.put(id, new Inflight(b.topic(), b.payload(), b.qos(), b.retain(), null));
      }
      write(MqttWriter.publish(b.topic(), b.payload(), b.qos(), b.retain(), false, id));
    }
  }

  private void subscribe(List<Member> ms) {
    Map<String, Integer> filters = new LinkedHashMap<>();
    for (Member m : ms) {
      filters.merge(m.filter(), m.subscribeQos(), Math::max);
    }
    int id = nextPacketId();
    awaitingSuback.put(id, new ArrayList<>(ms));
    subscribed.addAll(filters.keySet());
    write(MqttWriter.subscribe(id, List.copyOf(filters.keySet()), List.copyOf(filters.values())));
  }

  private void subAck(MqttPacket.SubAck sa) {
    List<Member> waiting = awaitingSuback.remove(sa.packetId());
    if (waiting == null) {
      return;
    }
    boolean refused = sa.returnCodes().contains(0x80);
    for (Member m : waiting) {
      if (refused) {
        log.warn("{}: the broker refused the subscription to \"{}\"", tag, m.filter());
        members.remove(m);
        notify(m, x -> x.lost("the broker refused the subscription to \"" + x.filter() + "\"", StreamState.AUTH_FAILED,
            false));
      } else {
        notify(m, Member::ready);
      }
    }
  }

  private void publishReceived(MqttPacket.Publish p) {
    boolean fresh = true;
    if (p.qos() == 2) {
      fresh = qos2Received.add(p.packetId());
    }
    if (fresh) {
      for (Member m : members) {
        if (m.filter() != null && TopicFilter.matches(m.filter(), p.topic())) {
          notify(m, x -> x.delivered(p));
        }
      }
    }
    if (p.qos() == 1) {
      write(MqttWriter.ack(MqttPacketType.PUBACK, p.packetId()));
    } else if (p.qos() == 2) {
      write(MqttWriter.ack(MqttPacketType.PUBREC, p.packetId()));
    }
  }

  private void ackReceived(MqttPacket.Ack a) {
    switch (a.type()) {
      case PUBACK, PUBCOMP -> {
        Inflight f = inflight.remove(a.packetId());
        if (f == null) {
          log.debug("{}: {} for unknown packet id {} ignored", tag, a.type(), a.packetId());
          return;
        }
        if (f.member() != null) {
          notify(f.member(), m -> m.acked(a.packetId()));
        }
        wakeWaiters();
        closeIfUnused();
      }
      case PUBREC -> write(MqttWriter.ack(MqttPacketType.PUBREL, a.packetId()));
      case PUBREL -> {
        qos2Received.remove(a.packetId());
        write(MqttWriter.ack(MqttPacketType.PUBCOMP, a.packetId()));
      }
      default -> { }
    }
  }

  private void startKeepAlive() {
    int secs = settings.connect().keepAliveSecs();
    if (secs <= 0) {
      return;
    }
    long ms = secs * 1000L;
    int gen = generation;
    keepAliveTimer = vertx.setPeriodic(Math.max(100, ms / 4), id -> {
      if (gen != generation || state != State.CONNECTED) {
        return;
      }
      long now = System.currentTimeMillis();
      if (now - lastReceived > ms * 3 / 2) {
        log.warn("{}: nothing from the broker for {} ms (1.5 x keep-alive of {} s): closing", tag,
            now - lastReceived, secs);
        socket.close();
        dropped("the broker did not answer within 1.5 x keep-alive", null);
      } else if (now - lastSent >= ms) {
        write(MqttWriter.pingreq());
      }
    });
  }

  /** The socket is gone: every member hears it, unacknowledged messages and filters are kept. */
  private void dropped(String why, StreamState refusal) {
    generation++;
    batch = null;
    state = State.IDLE;
    socket = null;
    cancelConnackTimer();
    if (keepAliveTimer >= 0) {
      vertx.cancelTimer(keepAliveTimer);
      keepAliveTimer = -1;
    }
    awaitingSuback.clear();
    subscribed.clear();
    waitingForRoom.clear();
    List<Member> gone = new ArrayList<>(members);
    members.clear();
    for (Member m : gone) {
      boolean unacked = inflight.values().stream().anyMatch(f -> f.member() == m);
      notify(m, x -> x.lost(why, refusal, unacked));
    }
    if (inflight.isEmpty()) {
      onEmpty.run();
    }
  }

  private void closeIfUnused() {
    if (members.isEmpty() && inflight.isEmpty()) {
      if (socket != null && state == State.CONNECTED) {
        write(MqttWriter.disconnect());
      }
      flush();
      NetSocket s = socket;
      generation++;
      state = State.IDLE;
      socket = null;
      cancelConnackTimer();
      if (keepAliveTimer >= 0) {
        vertx.cancelTimer(keepAliveTimer);
        keepAliveTimer = -1;
      }
      if (s != null) {
        s.close();
      }
      onEmpty.run();
    }
  }

  /** Closes at once (host undeploy). */
  void close() {
    run(() -> {
      members.clear();
      inflight.clear();
      closeIfUnused();
    });
  }

  /** Queues a packet; everything written in one turn of the loop goes out in one socket write. */
  private void write(Buffer b) {
    if (socket == null) {
      return;
    }
    if (batch == null) {
      batch = Buffer.buffer(Math.max(256, b.length() * 2));
      context.runOnContext(v -> flush());
    }
    batch.appendBuffer(b);
  }

  private void flush() {
    Buffer b = batch;
    batch = null;
    burst = 0;
    NetSocket s = socket;
    if (b != null && s != null) {
      lastSent = System.currentTimeMillis();
      s.write(b);
    }
  }

  private int nextPacketId() {
    for (int i = 0; i < 65535; i++) {
      lastPacketId = lastPacketId % 65535 + 1;
      if (!inflight.containsKey(lastPacketId) && !awaitingSuback.containsKey(lastPacketId)) {
        return lastPacketId;
      }
    }
    throw new IllegalStateException(tag + ": all 65535 packet ids are in flight");
  }

  private void cancelConnackTimer() {
    if (connackTimer >= 0) {
      vertx.cancelTimer(connackTimer);
      connackTimer = -1;
    }
  }

  private void run(Runnable r) {
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  private static void notify(Member m, java.util.function.Consumer<Member> action) {
    if (Vertx.currentContext() == m.context()) {
      action.accept(m);
    } else {
      m.context().runOnContext(v -> action.accept(m));
    }
  }

  static String connackReason(int rc) {
    return switch (rc) {
      case 1 -> "unacceptable protocol version (1)";
      case 2 -> "client identifier rejected (2)";
      case 3 -> "server unavailable (3)";
      case 4 -> "bad user name or password (4)";
      case 5 -> "not authorized (5)";
      default -> "return code " + rc;
    };
  }
}
