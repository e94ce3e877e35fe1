package dev.sluice.cluster;

import dev.sluice.frame.StreamFrame;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host node's end of a stream whose client is on another node: forwards what the hosted stream
 * reports as frames to the client's address, applies the client's frames to the hosted stream, and
 * destroys the stream (freeing its connection) when the client's node stops answering.
 */
final class HostSideStream implements StreamClient {

  private static final Logger log = LoggerFactory.getLogger(HostSideStream.class);

  private final Vertx vertx;
  private final String tag;
  private final String clientAddress;
  /** A re-created stream: its first CREATING is not reported (the client saw one already). */
  private boolean skipCreating;
  /** Set once, right after creation. */
  private HostedStream hosted;
  private MessageConsumer<StreamFrame> consumer;
  private long pingTimer = -1;
  /** When the client was last heard from (ms). */
  private long lastHeard = System.currentTimeMillis();
  private boolean closed;
  /** Frames held until the client's address is known to be reachable from this node; null once it is. */
  private java.util.List<StreamFrame> held = new java.util.ArrayList<>();

  HostSideStream(Vertx vertx, String tag, String clientAddress, boolean replay) {
    this.vertx = vertx;
    this.tag = tag;
    this.clientAddress = clientAddress;
    this.skipCreating = replay;
  }

  /** Binds the hosted stream and starts listening at {@code address}; call on the stream's context. */
  void bind(HostedStream hosted, String address) {
    this.hosted = hosted;
    this.consumer = vertx.eventBus().consumer(address, this::fromClient);
    Frames.reachable(vertx, clientAddress, 30).onComplete(ar -> {
      java.util.List<StreamFrame> pending = held;
      held = null;
      if (ar.failed()) {
        log.warn("{}: the client cannot be reached ({}); destroying the stream", tag, ar.cause().getMessage());
        hosted.destroy();
        close();
        return;
      }
      pending.forEach(this::toClient);
    });
    this.pingTimer = vertx.setPeriodic(Frames.PING_MS, id -> {
      if (System.currentTimeMillis() - lastHeard > Frames.LOST_AFTER_MS) {
        log.info("{}: the client's node stopped answering; destroying the stream", tag);
        hosted.destroy();
        close();
      } else {
        toClient(new StreamFrame.Ping());
      }
    });
  }

  private void fromClient(Message<StreamFrame> m) {
    lastHeard = System.currentTimeMillis();
    StreamFrame f = m.body();
    if (m.replyAddress() != null) {
      m.reply(new StreamFrame.Ping(), Frames.OPTIONS);
      return;
    }
    if (f instanceof StreamFrame.Start) {
      hosted.start();
    } else if (f instanceof StreamFrame.Connect) {
      hosted.connect();
    } else if (f instanceof StreamFrame.RequestTx r) {
      hosted.requestTx(r.lengthHint());
    } else if (f instanceof StreamFrame.Payload p) {
      hosted.tx(p.data(), p.flags());
    } else if (f instanceof StreamFrame.TxNone) {
      hosted.txNone();
    } else if (f instanceof StreamFrame.Metadata md) {
      hosted.setMetadata(md.name(), md.value());
    } else if (f instanceof StreamFrame.Timeout t) {
      hosted.timeout(t.ms());
    } else if (f instanceof StreamFrame.RxFlow r) {
      hosted.rxFlow(r.enabled());
    } else if (f instanceof StreamFrame.TxCredit c) {
      hosted.addPeerTxCredit(c.bytes());
    } else if (f instanceof StreamFrame.ServerAck a) {
      hosted.serverAck(a.status());
    } else if (f instanceof StreamFrame.Disconnect) {
      hosted.disconnect();
    } else if (f instanceof StreamFrame.Destroy) {
      hosted.destroy();
      close();
    }
    // Ping: being heard is all it says
  }

  @Override
  public void onState(StreamState state, long ack) {
    if (state == StreamState.CREATING && skipCreating) {
      skipCreating = false;
      return;
    }
    int code = state == StreamState.USER ? (int) ack : state.code();
    toClient(new StreamFrame.State(code, state == StreamState.USER ? 0 : ack));
    if (state == StreamState.DESTROYING) {
      close();
    }
  }

  @Override
  public void onRx(Buffer payload, int flags) {
    toClient(new StreamFrame.Rx(payload, flags));
  }

  @Override
  public void onTxReady(TxRequest request) {
    toClient(new StreamFrame.TxReady(request.ordinal(), request.maxLength()));
  }

  @Override
  public void onRxMetadata(String name, String value) {
    toClient(new StreamFrame.RxMetadata(name, value));
  }

  private void toClient(StreamFrame f) {
    if (held != null) {
      held.add(f);
    } else {
      Frames.send(vertx, clientAddress, f);
    }
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
