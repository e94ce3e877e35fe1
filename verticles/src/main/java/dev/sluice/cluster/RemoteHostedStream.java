package dev.sluice.cluster;

import dev.sluice.frame.StreamFrame;
import dev.sluice.policy.Protocol;
import dev.sluice.policy.RetrySchedule;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client node's end of a stream hosted on another node of the cluster: each {@link
 * HostedStream} call becomes a frame to the host's stream address, each frame from the host a
 * {@link StreamClient} call on the stream's context. If the host's node stops answering, the stream
 * reports DISCONNECTED and is created again on a surviving node after the policy's backoff; MQTT
 * messages sent with QoS 1 or 2 and not yet acknowledged are sent again there, so none is lost.
 * Confined to the stream's context.
 */
public final class RemoteHostedStream implements HostedStream {

  private static final Logger log = LoggerFactory.getLogger(RemoteHostedStream.class);

  private final Vertx vertx;
  private final Context context;
  private final StreamSpec spec;
  private final StreamClient client;
  private final String clientAddress = "sluice.client." + UUID.randomUUID();
  private final RetrySchedule retry;
  /** Whether each complete message is acknowledged by the host (MQTT QoS 1/2): then it is kept until acked. */
  private final boolean acknowledged;
  /** The host's stream address; null while (re)creating. */
  private String hostAddress;
  /** Frames waiting for a host address. */
  private final List<StreamFrame> queued = new ArrayList<>();
  /** Current metadata, replayed to a new host. */
  private final Map<String, String> metadata = new LinkedHashMap<>();
  /** Messages sent and not yet acknowledged, oldest first, and the one being assembled. */
  private final Deque<Buffer> unacked = new ArrayDeque<>();
  private Buffer assembling;
  /** Messages to send again to a new host before asking the application for more. */
  private final Deque<Buffer> replay = new ArrayDeque<>();
  /** The last non-transient state the host reported. */
  private StreamState lastState;
  /** The application asked to connect (connect, requestTx) since the stream was created. */
  private boolean wantsConnection;
  /** The application asked to send and has not been asked for data since (re-asked of a new host). */
  private boolean txRequested;
  private MessageConsumer<StreamFrame> consumer;
  private long pingTimer = -1;
  private long lastHeard = System.currentTimeMillis();
  private boolean destroyed;

  private RemoteHostedStream(Vertx vertx, StreamSpec spec, StreamClient client) {
    this.vertx = vertx;
    this.context = spec.context();
    this.spec = spec;
    this.client = client;
    this.metadata.putAll(spec.metadata());
    this.retry = RetrySchedule.of(spec.policy().retryFor(spec.type()).orElse(null));
    this.acknowledged = spec.type().protocol() == Protocol.MQTT && spec.type().mqttQos() > 0;
  }

  /**
   * Finds a node hosting the streamtype's protocol and creates the stream there. Fails with the
   * reason when no node hosts it. Call on {@code spec.context()}.
   */
  public static Future<HostedStream> create(Vertx vertx, StreamSpec spec, StreamClient client) {
    Frames.register(vertx);
    RemoteHostedStream r = new RemoteHostedStream(vertx, spec, client);
    r.consumer = vertx.eventBus().consumer(r.clientAddress, r::fromHost);
    return r.consumer.completion().compose(v -> r.requestHost(false))
        .compose(addr -> Frames.reachable(vertx, addr, 30).map(addr))
        .map(addr -> {
          r.hostAddress = addr;
          r.pingTimer = vertx.setPeriodic(Frames.PING_MS, id -> r.checkHost());
          return (HostedStream) r;
        }).onFailure(e -> r.consumer.unregister());
  }

  private Future<String> requestHost(boolean replayed) {
    StreamFrame.Create c = new StreamFrame.Create(spec.type().name(), metadata, clientAddress, spec.tag(), replayed);
    Promise<String> p = Promise.promise();
    vertx.eventBus().<StreamFrame>request(Frames.hostAddress(spec.type().protocol()), c,
        new io.vertx.core.eventbus.DeliveryOptions(Frames.OPTIONS).setSendTimeout(5000)).onComplete(ar -> {
          if (ar.failed()) {
            String why = ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
                ? "no node of the cluster hosts " + spec.type().protocol().policyName() + " streams"
                : ar.cause().getMessage();
            p.fail(new IllegalStateException(why));
          } else if (ar.result().body() instanceof StreamFrame.CreateResult res && res.ok()) {
            lastHeard = System.currentTimeMillis();
            p.complete(res.hostAddress());
          } else {
            StreamFrame body = ar.result().body();
            p.fail(new IllegalStateException(body instanceof StreamFrame.CreateResult res ? res.error()
                : "unexpected answer " + body.type()));
          }
        });
    return p.future();
  }

  // ------------------------------------------------------------------ host -> client

  private void fromHost(Message<StreamFrame> m) {
    if (m.replyAddress() != null) {
      m.reply(new StreamFrame.Ping(), Frames.OPTIONS);
      return;
    }
    if (destroyed) {
      return;
    }
    lastHeard = System.currentTimeMillis();
    StreamFrame f = m.body();
    if (f instanceof StreamFrame.State s) {
      StreamState state = StreamState.of(s.state());
      long ack = state == StreamState.USER ? s.state() : s.ack();
      if (!state.isTransient()) {
        lastState = state;
      }
      if (state == StreamState.QOS_ACK_REMOTE && !unacked.isEmpty()) {
        unacked.poll();
      }
      client.onState(state, ack);
    } else if (f instanceof StreamFrame.Rx r) {
      client.onRx(r.data(), r.flags());
    } else if (f instanceof StreamFrame.TxReady t) {
      Buffer again = replay.poll();
      if (again != null) {
        // A message the previous host never acknowledged goes first; the application's own
        // request (if any) is answered after the replay.
        send(new StreamFrame.Payload(again, StreamFlags.SOM | StreamFlags.EOM));
        unacked.add(again);
        if (!replay.isEmpty() || txRequested) {
          send(new StreamFrame.RequestTx(-1));
        }
      } else {
        txRequested = false;
        client.onTxReady(new TxRequest(t.ordinal(), t.maxLength()));
      }
    } else if (f instanceof StreamFrame.RxMetadata md) {
      client.onRxMetadata(md.name(), md.value());
    }
    // Ping: being heard is all it says
  }

  // ------------------------------------------------------------------ client -> host

  @Override
  public void start() {
    send(new StreamFrame.Start());
  }

  @Override
  public void connect() {
    wantsConnection = true;
    send(new StreamFrame.Connect());
  }

  @Override
  public void requestTx(long lengthHint) {
    wantsConnection = true;
    txRequested = true;
    send(new StreamFrame.RequestTx(lengthHint));
  }

  @Override
  public void tx(Buffer payload, int flags) {
    if (acknowledged) {
      if (StreamFlags.has(flags, StreamFlags.SOM) || assembling == null) {
        assembling = Buffer.buffer();
      }
      assembling.appendBuffer(payload);
      if (StreamFlags.has(flags, StreamFlags.EOM)) {
        unacked.add(assembling);
        assembling = null;
      }
    }
    send(new StreamFrame.Payload(payload, flags));
  }

  @Override
  public void txNone() {
    send(new StreamFrame.TxNone());
  }

  @Override
  public void setMetadata(String name, String value) {
    if (value == null) {
      metadata.remove(name);
    } else {
      metadata.put(name, value);
    }
    send(new StreamFrame.Metadata(name, value));
  }

  @Override
  public void timeout(long ms) {
    send(new StreamFrame.Timeout(ms));
  }

  @Override
  public void rxFlow(boolean enabled) {
    send(new StreamFrame.RxFlow(enabled));
  }

  @Override
  public void addPeerTxCredit(int bytes) {
    send(new StreamFrame.TxCredit(bytes));
  }

  @Override
  public void serverAck(int status) {
    send(new StreamFrame.ServerAck(status));
  }

  @Override
  public void disconnect() {
    send(new StreamFrame.Disconnect());
  }

  @Override
  public void destroy() {
    if (destroyed) {
      return;
    }
    send(new StreamFrame.Destroy());
    destroyed = true;
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    consumer.unregister();
    // The host's DESTROYING may never come back (the node may be gone): report it here.
    client.onState(StreamState.DESTROYING, 0);
  }

  private void flushQueued() {
    List<StreamFrame> q = new ArrayList<>(queued);
    queued.clear();
    q.forEach(this::send);
  }

  private void send(StreamFrame f) {
    if (destroyed) {
      return;
    }
    if (hostAddress == null) {
      queued.add(f);
    } else {
      Frames.send(vertx, hostAddress, f);
    }
  }

  // ------------------------------------------------------------------ losing the host

  private void checkHost() {
    if (destroyed || hostAddress == null) {
      return;
    }
    if (System.currentTimeMillis() - lastHeard > Frames.LOST_AFTER_MS) {
      hostLost();
    } else {
      Frames.send(vertx, hostAddress, new StreamFrame.Ping());
    }
  }

  private void hostLost() {
    log.warn("{}: the node hosting the stream stopped answering; creating it again elsewhere", spec.tag());
    hostAddress = null;
    queued.clear();
    assembling = null;
    // Unacknowledged messages go to the next host first, in order.
    unacked.descendingIterator().forEachRemaining(replay::addFirst);
    unacked.clear();
    RetrySchedule.Step step = retry.next();
    if (lastState != null && StreamState.DISCONNECTED.legalAfter(lastState)) {
      lastState = StreamState.DISCONNECTED;
      client.onState(StreamState.DISCONNECTED, step.conceal() ? Math.max(1, step.delayMs()) : 0);
    }
    if (!step.conceal()) {
      log.warn("{}: not recreating the stream: the retry policy allows no more attempts", spec.tag());
      return;
    }
    vertx.setTimer(Math.max(1, step.delayMs()), id -> recreate());
  }

  private void recreate() {
    if (destroyed) {
      return;
    }
    requestHost(true).compose(addr -> Frames.reachable(vertx, addr, 30).map(addr)).onComplete(ar -> {
      if (destroyed) {
        return;
      }
      if (ar.failed()) {
        log.info("{}: cannot recreate the stream yet: {}", spec.tag(), ar.cause().getMessage());
        lastHeard = System.currentTimeMillis();
        RetrySchedule.Step step = retry.next();
        if (step.conceal()) {
          vertx.setTimer(Math.max(1, step.delayMs()), id -> recreate());
        }
        return;
      }
      hostAddress = ar.result();
      lastHeard = System.currentTimeMillis();
      retry.reset();
      log.info("{}: recreated on another node; {} unacknowledged message(s) to send again", spec.tag(),
          replay.size());
      send(new StreamFrame.Start());
      if (wantsConnection && !spec.type().nailedUp()) {
        send(new StreamFrame.Connect());
      }
      if (!replay.isEmpty() || txRequested) {
        // Frames sent while the old host was already gone are lost: ask again for what is pending.
        send(new StreamFrame.RequestTx(-1));
      }
      flushQueued();
    });
  }
}
