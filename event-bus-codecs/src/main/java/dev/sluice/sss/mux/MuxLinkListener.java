package dev.sluice.sss.mux;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssProtocolException;

/**
 * What a {@link MuxLink} asks of its driver (the code that owns the byte pipe and the timer) and
 * tells it. Called on the thread that drives the link; implementations must not throw.
 */
public interface MuxLinkListener {

  /** Bytes for the pipe, in order. */
  void write(Bytes bytes);

  /**
   * Arm the link's one timer to call {@link MuxLink#timerFired()} after {@code delay},
   * replacing any timer armed before.
   */
  void schedule(java.time.Duration delay);

  /** PING, PONG and PONGACK went round: channels may open. */
  void linkUp();

  /** The link was found dead or reset; every channel was closed just before. */
  void linkDown();

  /**
   * The peer asks to open {@code channel}; return false to refuse (CHANNEL_NACK). lws accepts
   * every request for a channel not in use.
   */
  default boolean acceptChannel(int channel) {
    return true;
  }

  /** A channel opened: one the peer asked for ({@code byPeer}), or one of ours it accepted. */
  void channelOpened(int channel, boolean byPeer);

  /** The peer refused a channel we asked for. */
  void channelRefused(int channel);

  /** A channel closed (by either end, or because the link went down). */
  void channelClosed(int channel);

  /** Serialized-SS bytes arrived on an open channel. */
  void data(int channel, Bytes payload);

  /** The pipe carried an unknown opcode; the link went down and reads on. */
  void error(SssProtocolException error);
}
