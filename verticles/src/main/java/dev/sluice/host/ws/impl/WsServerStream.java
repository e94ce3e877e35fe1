package dev.sluice.host.ws.impl;

import dev.sluice.policy.RetrySchedule;
import dev.sluice.policy.StreamKey;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.spi.HostStreamBase;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of an accepted ws connection: CREATING, CONNECTING and CONNECTED at once, then
 * SERVER_UPGRADE (as lws reports a ws upgrade), rx and tx as for a client stream, DISCONNECTED when
 * the connection ends and DESTROYING right after (lws destroys accepted streams on DISCONNECTED).
 * There is no retry: the peer reconnects if it wants to.
 */
public final class WsServerStream extends HostStreamBase implements WsLink.Events {

  private static final Logger log = LoggerFactory.getLogger(WsServerStream.class);

  private final WsLink link;
  private final Runnable onGone;
  /** The validity check while connected; null before and after. */
  private ValidityTimer validity;
  /** The connection ended (reported once). */
  private boolean ended;

  /**
   * @param onGone called once the stream is destroyed (the listener forgets it)
   */
  public WsServerStream(StreamSpec spec, StreamClient client, ServerWebSocket ws, WsLimits limits, int maxQueued,
      Runnable onGone) {
    super(spec, client, RetrySchedule.of(null));
    this.onGone = onGone;
    this.link = new WsLink(ws, spec.tag(), limits, spec.type().flag(StreamKey.WS_BINARY), maxQueued, this).start();
  }

  /** Reports CREATING, CONNECTING, CONNECTED and SERVER_UPGRADE. */
  public void begin() {
    start();
    connect();
  }

  public WsLink link() {
    return link;
  }

  @Override
  protected void protocolConnect() {
    if (ended) {
      connectionClosed("the connection ended before the stream started");
      return;
    }
    connectionUp();
    if (!reportConnected() || !report(StreamState.SERVER_UPGRADE, 0)) {
      return;
    }
    validity = ValidityTimer.of(vertx, spec.policy().retryFor(type).orElse(null), link::ping, this::hangUp);
    validity.confirmed();
    pullTx();
  }

  private void hangUp() {
    if (isDestroyed() || ended) {
      return;
    }
    ended = true;
    long secs = spec.policy().retryFor(type).map(p -> (long) p.validHangupSecs()).orElse(0L);
    String why = "no proof of validity (PONG) within " + secs + " s (svalidhup)";
    log.info("{}: {}; hanging up", tag, why);
    link.close(CloseCodes.GOING_AWAY, "no PONG");
    connectionClosed(why);
  }

  @Override
  protected void protocolTxWanted() {
    if (link.writeQueueFull()) {
      link.onDrain(this::pullTx);
    } else {
      pullTx();
    }
  }

  @Override
  protected void protocolWrite(Buffer payload, int flags) {
    if (link.write(payload, flags) && wantsTx()) {
      if (link.writeQueueFull()) {
        link.onDrain(this::txWritten);
      } else {
        // The next piece on a later turn of the loop, so a long message does not grow the stack.
        context.runOnContext(v -> txWritten());
      }
    }
  }

  @Override
  protected void protocolRxFlow(boolean enabled) {
    if (enabled) {
      link.resume();
    } else {
      link.pause();
    }
  }

  @Override
  protected void protocolClose() {
    ended = true;
    stopValidity();
    link.close(CloseCodes.GOING_AWAY, null);
  }

  @Override
  public void onPiece(Buffer data, int flags) {
    deliverRx(data, flags);
  }

  @Override
  public void onPong() {
    if (validity != null) {
      validity.confirmed();
    }
  }

  @Override
  public void onClosed(WsLink.Closed how) {
    if (ended) {
      return;
    }
    ended = true;
    stopValidity();
    connectionClosed(how.describe());
    if (!isDestroyed() && currentState() != StreamState.DISCONNECTED) {
      destroy(); // closed before CONNECTED was reported
    }
  }

  @Override
  protected void onDestroyed() {
    stopValidity();
    if (!ended) {
      ended = true;
      link.close(CloseCodes.GOING_AWAY, null);
    }
    onGone.run();
  }

  private void stopValidity() {
    if (validity != null) {
      validity.stop();
      validity = null;
    }
  }
}
