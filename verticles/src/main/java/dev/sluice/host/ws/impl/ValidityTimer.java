package dev.sluice.host.ws.impl;

import dev.sluice.policy.RetryPolicy;
import io.vertx.core.Vertx;

/**
 * lws's connection validity check for one connection: after each proof that the peer is alive (the
 * connection coming up, a PONG), wait {@code svalidping} seconds, then send a PING and wait the rest
 * of {@code svalidhup}; no proof by then means hang up. When {@code svalidping} is 0 or not below
 * {@code svalidhup}, no PING is sent and the connection is hung up {@code svalidhup} seconds after
 * the last proof. {@code svalidhup} 0 turns the check off. Confined to the connection's context.
 */
public final class ValidityTimer {

  private final Vertx vertx;
  /** Delay before the PING, ms; 0 when no PING is sent. */
  private final long pingMs;
  /** Delay from the last proof to the hang-up, ms; 0 when the check is off. */
  private final long hupMs;
  private final Runnable ping;
  private final Runnable hangUp;
  /** The armed timer (ping or hang-up), -1 when none. */
  private long timer = -1;
  /** Set by stop(): nothing is armed any more. */
  private boolean stopped;

  public ValidityTimer(Vertx vertx, long pingMs, long hupMs, Runnable ping, Runnable hangUp) {
    this.vertx = vertx;
    this.hupMs = Math.max(0, hupMs);
    this.pingMs = pingMs > 0 && pingMs < this.hupMs ? pingMs : 0;
    this.ping = ping;
    this.hangUp = hangUp;
  }

  /** The check the retry policy asks for (off without a policy). */
  public static ValidityTimer of(Vertx vertx, RetryPolicy policy, Runnable ping, Runnable hangUp) {
    long p = policy == null ? 0 : policy.validPingSecs() * 1000L;
    long h = policy == null ? 0 : policy.validHangupSecs() * 1000L;
    return new ValidityTimer(vertx, p, h, ping, hangUp);
  }

  public boolean enabled() {
    return hupMs > 0;
  }

  /** A proof of validity: the wait starts again. */
  public void confirmed() {
    if (!enabled() || stopped) {
      return;
    }
    cancel();
    if (pingMs > 0) {
      timer = vertx.setTimer(pingMs, id -> {
        timer = -1;
        ping.run();
        if (!stopped) {
          armHangUp(hupMs - pingMs);
        }
      });
    } else {
      armHangUp(hupMs);
    }
  }

  private void armHangUp(long ms) {
    timer = vertx.setTimer(Math.max(1, ms), id -> {
      timer = -1;
      if (!stopped) {
        stopped = true;
        hangUp.run();
      }
    });
  }

  public void stop() {
    stopped = true;
    cancel();
  }

  private void cancel() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
