package dev.sluice.sss.session.impl;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.SssFrame;
import dev.sluice.sss.SssFrameType;
import dev.sluice.sss.SssWriter;
import dev.sluice.sss.session.CreateOutcome;
import dev.sluice.sss.session.TxChunk;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a proxy session holds for its client, in lws's write priority: rx metadata (one pending
 * value per name, newest wins), then perf JSON, then RX_PAYLOAD and CONNSTATE frames in order.
 * Payload and state frames count against the stream's {@link ProxyBuffer}; the rx flow
 * thresholds apply to them.
 */
public final class ProxyOutbound {

  private final LongSupplier clockMicros;
  /** Rx metadata not yet written, by name, in arrival order of first pending value. */
  private final Map<String, Bytes> metadata = new LinkedHashMap<>();
  /** Encoded RX_PAYLOAD, CONNSTATE and TXCR_UPDATE frames, oldest first. */
  private final Deque<Bytes> queued = new ArrayDeque<>();
  /** Perf JSON not yet written; null when none. */
  private Bytes perf;
  /** Bytes in {@link #queued}. */
  private long queuedBytes;
  /** Whether onward rx is paused because {@link #queuedBytes} crossed the high threshold. */
  private boolean flowStopped;

  public ProxyOutbound(LongSupplier clockMicros) {
    this.clockMicros = clockMicros;
  }

  public boolean hasPending() {
    return !metadata.isEmpty() || perf != null || !queued.isEmpty();
  }

  /** Queues a CONNSTATE. Small control frames are taken even past the buffer's size. */
  public void state(long state, long ack, ProxyBuffer buffer) {
    add(new ProxyFrame.ConnState(state, ack), buffer);
  }

  /** Queues a TXCR_UPDATE, like a state. */
  public void txCredit(int delta, ProxyBuffer buffer) {
    add(new ProxyFrame.TxCreditUpdate(delta), buffer);
  }

  /** Queues an RX_PAYLOAD stamped with the clock; false if the buffer cannot take it. */
  public boolean rx(TxChunk piece, ProxyBuffer buffer) {
    Bytes frame = encode(new ProxyFrame.RxPayload(piece.flags(), 0, clockMicros.getAsLong(),
        null, piece.payload()));
    if (!buffer.tryReserve(frame.length())) {
      return false;
    }
    queued.add(frame);
    queuedBytes += frame.length();
    return true;
  }

  private void add(SssFrame frame, ProxyBuffer buffer) {
    Bytes bytes = encode(frame);
    if (!buffer.tryReserve(bytes.length())) {
      buffer.forceReserve(bytes.length());
    }
    queued.add(bytes);
    queuedBytes += bytes.length();
  }

  /**
   * Holds rx metadata for the client; false (and nothing held) for a value the wire cannot carry
   * to an lws client: an empty one, or one too big for a frame.
   */
  public boolean metadata(String name, Bytes value) {
    if (value.isEmpty() || 1L + name.length() + value.length() > SssFrameType.MAX_BODY) {
      return false;
    }
    metadata.put(name, value);
    return true;
  }

  public void perf(Bytes json) {
    if (!json.isEmpty()) {
      perf = json.length() > SssFrameType.MAX_BODY ? json.slice(0, SssFrameType.MAX_BODY) : json;
    }
  }

  /** The next frame by priority, or null; frees its share of the buffer. */
  public Bytes take(ProxyBuffer buffer) {
    if (!metadata.isEmpty()) {
      Iterator<Map.Entry<String, Bytes>> first = metadata.entrySet().iterator();
      Map.Entry<String, Bytes> entry = first.next();
      first.remove();
      return encode(new ProxyFrame.Metadata(entry.getKey(), entry.getValue()));
    }
    if (perf != null) {
      Bytes json = perf;
      perf = null;
      return encode(new ProxyFrame.Perf(json));
    }
    Bytes next = queued.poll();
    if (next != null) {
      queuedBytes -= next.length();
      buffer.release(next.length());
    }
    return next;
  }

  /** True once when the bytes waiting for the client reach the policy's high threshold. */
  public boolean rxFlowStopped(CreateOutcome policy) {
    if (!flowStopped && policy.rxflowOnAbove() > 0 && queuedBytes >= policy.rxflowOnAbove()) {
      flowStopped = true;
      return true;
    }
    return false;
  }

  /** True once when, after a stop, the bytes waiting fall below the low threshold. */
  public boolean rxFlowResumed(CreateOutcome policy) {
    if (flowStopped && queuedBytes < policy.rxflowOffBelow()) {
      flowStopped = false;
      return true;
    }
    return false;
  }

  /** Drops the queued payload and states, as lws empties its buffer when rx overflows. */
  public void dropQueued(ProxyBuffer buffer) {
    buffer.release(queuedBytes);
    queued.clear();
    queuedBytes = 0;
  }

  public void clear() {
    metadata.clear();
    queued.clear();
    perf = null;
    queuedBytes = 0;
  }

  private static Bytes encode(SssFrame frame) {
    byte[] wire = SssWriter.encode(frame);
    return Bytes.unsafeWrap(wire, 0, wire.length);
  }
}
