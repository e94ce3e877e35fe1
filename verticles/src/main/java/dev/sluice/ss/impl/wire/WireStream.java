package dev.sluice.ss.impl.wire;

import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.session.ClientSession;
import dev.sluice.sss.session.ClientSessionListener;
import dev.sluice.sss.session.ClientSessionOptions;
import dev.sluice.sss.session.TxChunk;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of a stream whose host is an SS proxy: the application's commands go to a
 * {@link ClientSession}, whose frames go over the carrier's link, and what the proxy reports
 * comes back as {@link StreamClient} calls. While the proxy cannot be reached, the link is
 * retried every {@link ClientSession#LINK_RETRY} with UPSTREAM_LINK_RETRY reported, as lws's
 * client does. Confined to the stream's context.
 */
public final class WireStream implements HostedStream, ClientSessionListener {

  private static final Logger log = LoggerFactory.getLogger(WireStream.class);

  private final String tag;
  private final Context context;
  private final StreamClient client;
  private final WireCarrier carrier;
  private final ClientSession session;
  /** The link now; null while there is none. */
  private WireCarrier.Link link;
  /** What the client answered to the tx callback in progress; null otherwise. */
  private TxChunk answered;
  /** Whether a tx callback is in progress. */
  private boolean awaitingTx;
  /** Counts tx callbacks, lws's {@code ord}. */
  private long txOrdinal;
  /** The retry timer; -1 when none is armed. */
  private long retryTimer = -1;
  /** When the current run of failed attempts began, ms; 0 when the last attempt succeeded. */
  private long tryingSince;
  /** Whether {@link #flush} is running. */
  private boolean flushing;
  /** The first frame the running flush took; null when none. */
  private Bytes gathered;
  /** The frames the running flush took, once there are two or more; null otherwise. */
  private Buffer gatheredMore;
  private boolean destroyed;

  public WireStream(String tag, String streamtype, Map<String, String> metadata, Context context,
      StreamClient client, WireCarrier carrier) {
    this.tag = tag;
    this.context = context;
    this.client = client;
    this.carrier = carrier;
    this.session = new ClientSession(tag, ClientSessionOptions.of(streamtype), this);
    metadata.forEach((name, value) -> session.setMetadata(name, Bytes.utf8(value)));
  }

  public String tag() {
    return tag;
  }

  public Context context() {
    return context;
  }

  // ---- the carrier's reports

  /** A link is up: STREAMTYPE goes out. */
  public void linkUp(WireCarrier.Link up) {
    if (destroyed) {
      up.close();
      return;
    }
    link = up;
    tryingSince = 0;
    session.linkUp();
  }

  public void linkBytes(Bytes bytes) {
    session.receive(bytes);
  }

  /** The link closed (either end): DISCONNECTED if connected, and a new link in a second. */
  public void linkDown() {
    link = null;
    session.linkDown();
    scheduleRetry();
  }

  /** An attempt to link failed: UPSTREAM_LINK_RETRY with the ms spent trying, then again. */
  public void linkFailed(String why) {
    long now = System.currentTimeMillis();
    if (tryingSince == 0) {
      tryingSince = now;
    }
    log.debug("[{}] proxy unreachable: {}", tag, why);
    session.linkFailed(now - tryingSince);
    scheduleRetry();
  }

  /** The link can take writes again. */
  public void drained() {
    flush();
  }

  private void scheduleRetry() {
    if (destroyed || retryTimer >= 0) {
      return;
    }
    if (tryingSince == 0) {
      tryingSince = System.currentTimeMillis();
    }
    retryTimer = context.owner().setTimer(ClientSession.LINK_RETRY.toMillis(), id -> {
      retryTimer = -1;
      if (!destroyed) {
        carrier.open(this);
      }
    });
  }

  private void flush() {
    if (flushing) {
      return;
    }
    flushing = true;
    try {
      while (link != null && !link.full()) {
        Bytes next = session.nextWrite();
        if (next == null) {
          break;
        }
        gather(next);
      }
    } finally {
      flushing = false;
      writeGathered();
    }
  }

  /** Keeps a frame for the one write that ends this flush. */
  private void gather(Bytes frame) {
    if (gathered == null) {
      gathered = frame;
    } else {
      if (gatheredMore == null) {
        gatheredMore = Buffer.buffer(gathered.length() + frame.length() + 64);
        gathered.appendTo(gatheredMore);
      }
      frame.appendTo(gatheredMore);
    }
  }

  /** The frames one flush took from the session (metadata, length hint, ONWARD_CONNECT...), in one write. */
  private void writeGathered() {
    Bytes one = gathered;
    Buffer more = gatheredMore;
    gathered = null;
    gatheredMore = null;
    if (link != null && one != null) {
      link.write(more == null ? one : Bytes.unsafeWrap(more.getBytes(), 0, more.length()));
    }
  }

  // ---- HostedStream: the application's commands

  @Override
  public void start() {
    carrier.open(this);
  }

  @Override
  public void connect() {
    session.connect();
  }

  @Override
  public void requestTx(long lengthHint) {
    if (lengthHint >= 0) {
      session.requestTxLength(lengthHint);
    } else {
      session.requestTx();
    }
  }

  @Override
  public void tx(Buffer payload, int flags) {
    if (awaitingTx) {
      answered = new TxChunk(Bytes.copyOf(payload), flags);
    }
  }

  @Override
  public void txNone() {
    answered = null;
  }

  @Override
  public void setMetadata(String name, String value) {
    if (value != null) {
      session.setMetadata(name, Bytes.utf8(value));
    }
  }

  @Override
  public void timeout(long ms) {
    if (ms < 0) {
      session.cancelTimeout();
    } else {
      session.startTimeout(ms);
    }
  }

  @Override
  public void rxFlow(boolean enabled) {
    if (link != null) {
      if (enabled) {
        link.resume();
      } else {
        link.pause();
      }
    }
  }

  @Override
  public void addPeerTxCredit(int bytes) {
    session.addPeerTxCredit(bytes);
  }

  /** lws's client has no disconnect of its own: the link closes and comes back in a second. */
  @Override
  public void disconnect() {
    if (link != null) {
      link.close();
    }
  }

  @Override
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    if (retryTimer >= 0) {
      context.owner().cancelTimer(retryTimer);
      retryTimer = -1;
    }
    session.destroy(); // DISCONNECTED if connected, DESTROYING, then closed(null)
  }

  // ---- ClientSessionListener: what the proxy reports

  @Override
  public void state(long state, long ack) {
    int code = (int) Math.min(state, Integer.MAX_VALUE);
    StreamState s;
    try {
      s = StreamState.of(code);
    } catch (IllegalArgumentException e) {
      log.info("[{}] the proxy reported state {}, which has no name; ignored", tag, state);
      return;
    }
    if (destroyed && s == StreamState.DISCONNECTED) {
      // lws's client reports it on destroy; a local host goes straight to DESTROYING, and the
      // application must see the same states whatever carries its stream
      return;
    }
    client.onState(s, s == StreamState.USER ? code : ack);
  }

  @Override
  public void rx(Bytes payload, int flags) {
    client.onRx(payload.toBuffer(), flags);
  }

  @Override
  public void rxMetadata(String name, Bytes value) {
    client.onRxMetadata(name, value.utf8());
  }

  @Override
  public TxChunk tx(int maxLength) {
    awaitingTx = true;
    answered = null;
    try {
      client.onTxReady(new TxRequest(txOrdinal++, maxLength));
    } finally {
      awaitingTx = false;
    }
    TxChunk chunk = answered;
    answered = null;
    if (chunk != null && !SssFlags.has(chunk.flags(), SssFlags.EOM)) {
      // as a local host does, keep asking while the message is open
      session.requestTx();
    }
    return chunk;
  }

  @Override
  public void writeReady() {
    flush();
  }

  @Override
  public void closed(SssProtocolException reason) {
    if (reason != null) {
      log.info("[{}] link to the proxy closed: {}", tag, reason.getMessage());
    }
    if (link != null) {
      WireCarrier.Link l = link;
      flush();
      writeGathered(); // when closed from inside a flush, what it took still goes first
      l.close();
    }
  }
}
