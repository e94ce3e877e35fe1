package dev.sluice.sss.mux;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssProtocolException;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of lws's transport mux over a byte pipe, as pure logic: bytes from the pipe go into
 * {@link #receive}, bytes for it come out of {@link MuxLinkListener#write}, and the single timer
 * is a delay the driver arms ({@link MuxLinkListener#schedule}) and reports ({@link
 * #timerFired}).
 *
 * <p>The link starts down. It comes up with a three-way check: one end sends PING (preceded by
 * RESET_TRANSPORT while it believes the link down), the other answers PONG echoing the ping's
 * time, the first answers PONGACK with its unix time; both then call the link up and ping every
 * {@code pingInterval}. A PONG that does not come within {@code pongGrace} takes the link down;
 * pings resume every {@code retryInterval}. Channels open only while the link is up and all close
 * when it goes down. Not thread-safe: drive it from one thread.
 */
public final class MuxLink {

  /** lws refuses a new channel once this many are in use, to keep ids from colliding. */
  public static final int MAX_CHANNELS = 253;

  private enum Channel { REQUESTED, OPEN, CLOSING }

  private static final Logger log = LoggerFactory.getLogger(MuxLink.class);

  private final String tag;
  private final MuxLinkOptions options;
  private final MuxLinkListener listener;
  private final MuxReader reader;
  /** Each channel id's state; null when free. */
  private final Channel[] channels = new Channel[256];

  /** Channels not free. */
  private int inUse;
  /** Whether the three-way check completed and nothing since took the link down. */
  private boolean up;
  /** Whether our last PING still waits for its PONG. */
  private boolean awaitingPong;
  /** The time our last PING carried, which its PONG must echo. */
  private long lastPing = -1;
  /** The peer's unix time from its last PONGACK, in microseconds; 0 before one. */
  private long peerUnixMicros;
  /** Whether {@link #close()} was called. */
  private boolean closed;

  public MuxLink(String tag, MuxLinkOptions options, MuxLinkListener listener) {
    this.tag = tag;
    this.options = options;
    this.listener = listener;
    this.reader = new MuxReader(new Inbound());
  }

  public boolean isUp() {
    return up;
  }

  /** Whether data may be sent on {@code channel}. */
  public boolean isOpen(int channel) {
    return channel >= 0 && channel < channels.length && channels[channel] == Channel.OPEN;
  }

  /** The peer's clock from its last PONGACK (lws records it as the peer's unix time). */
  public long peerUnixMicros() {
    return peerUnixMicros;
  }

  /** Starts the link check: RESET_TRANSPORT and PING go out now, as lws's first timer does. */
  public void start() {
    timerFired();
  }

  /** Bytes from the pipe, split or joined anyhow. */
  public void receive(byte[] data, int offset, int count) {
    if (!closed) {
      reader.feed(data, offset, count);
    }
  }

  public void receive(Bytes data) {
    if (!closed) {
      reader.feed(data);
    }
  }

  /** The timer armed through {@link MuxLinkListener#schedule} expired. */
  public void timerFired() {
    if (closed) {
      return;
    }
    if (!awaitingPong) {
      // arm first: over a fast pipe the PONG may come back inside ping()
      awaitingPong = true;
      listener.schedule(options.pongGrace());
      ping();
      return;
    }
    log.info("[{}] no PONG within {} ms", tag, options.pongGrace().toMillis());
    awaitingPong = false;
    if (up) {
      goDown();
    } else {
      listener.schedule(options.retryInterval());
    }
  }

  /**
   * Asks the peer to open a channel; the id comes from this end's range (see {@link MuxRole}).
   * Empty while the link is down or when {@link #MAX_CHANNELS} are in use.
   */
  public OptionalInt openChannel() {
    if (!up || closed || inUse >= MAX_CHANNELS) {
      return OptionalInt.empty();
    }
    boolean proxy = options.role() == MuxRole.PROXY;
    for (int id = proxy ? 1 : 0xff; id >= 0 && id <= 0xff; id += proxy ? 1 : -1) {
      if (channels[id] == null) {
        take(id, Channel.REQUESTED);
        write(new MuxFrame.ChannelReq(id));
        return OptionalInt.of(id);
      }
    }
    return OptionalInt.empty();
  }

  /** Sends serialized-SS bytes on an open channel, in DATA frames of at most 64 KiB. */
  public void send(int channel, Bytes sss) {
    if (!isOpen(channel)) {
      throw new IllegalStateException("channel " + channel + " is not open");
    }
    int at = 0;
    do {
      int length = Math.min(MuxFrame.MAX_DATA, sss.length() - at);
      byte[] frame = new byte[4 + length];
      MuxWriter.dataHeader(frame, 0, channel, length);
      sss.slice(at, at + length).copyTo(frame, 4);
      listener.write(Bytes.unsafeWrap(frame, 0, frame.length));
      at += length;
    } while (at < sss.length());
  }

  /** Closes a channel: CHANNEL_CLOSE goes out; it is free once the peer acknowledges. */
  public void closeChannel(int channel) {
    Channel state = channel >= 0 && channel < channels.length ? channels[channel] : null;
    if (state == Channel.OPEN || state == Channel.REQUESTED) {
      channels[channel] = Channel.CLOSING;
      write(new MuxFrame.ChannelClose(channel));
    }
  }

  /**
   * The framing inside a channel broke: as lws does, distrust the whole link (it goes down,
   * every channel closes, pings resynchronise).
   */
  public void lostCoherence() {
    if (!closed) {
      goDown();
    }
  }

  /** The pipe closed: a frame cut short is reported, channels close, nothing more happens. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    reader.endOfInput();
    boolean wasUp = up;
    up = false;
    closeAllChannels();
    if (wasUp) {
      listener.linkDown();
    }
  }

  private void ping() {
    lastPing = options.monotonicMicros().getAsLong();
    byte[] ping = MuxWriter.encode(new MuxFrame.Ping(lastPing));
    if (up) {
      listener.write(Bytes.unsafeWrap(ping, 0, ping.length));
      return;
    }
    // while down, lws precedes the ping with RESET_TRANSPORT, in the same write
    byte[] both = new byte[1 + ping.length];
    both[0] = (byte) MuxOpcode.RESET_TRANSPORT.code();
    System.arraycopy(ping, 0, both, 1, ping.length);
    listener.write(Bytes.unsafeWrap(both, 0, both.length));
  }

  private void goUp() {
    awaitingPong = false;
    listener.schedule(options.pingInterval());
    if (!up) {
      up = true;
      log.debug("[{}] link up", tag);
      listener.linkUp();
    }
  }

  /** Up to down: channels close, RESET_TRANSPORT and PING go out, retries follow. */
  private void goDown() {
    if (!up) {
      return;
    }
    up = false;
    log.info("[{}] link down", tag);
    closeAllChannels();
    listener.linkDown();
    awaitingPong = false;
    listener.schedule(options.retryInterval());
    ping();
  }

  private void closeAllChannels() {
    for (int id = 0; id < channels.length; id++) {
      if (channels[id] != null) {
        free(id);
        listener.channelClosed(id);
      }
    }
  }

  private void take(int id, Channel state) {
    channels[id] = state;
    inUse++;
  }

  private void free(int id) {
    channels[id] = null;
    inUse--;
  }

  private void write(MuxFrame frame) {
    byte[] bytes = MuxWriter.encode(frame);
    listener.write(Bytes.unsafeWrap(bytes, 0, bytes.length));
  }

  /** Reader callback, kept off the public surface. */
  private final class Inbound implements MuxReader.Callback {

    @Override
    public void onChannelReq(int channel) {
      if (!up || channels[channel] != null) {
        // lws leaves a request it cannot take unanswered and lets the asker time out
        log.debug("[{}] ignoring CHANNEL_REQ {} (link up: {})", tag, channel, up);
        return;
      }
      if (!listener.acceptChannel(channel)) {
        write(new MuxFrame.ChannelNack(channel));
        return;
      }
      take(channel, Channel.OPEN);
      write(new MuxFrame.ChannelAck(channel));
      listener.channelOpened(channel, true);
    }

    @Override
    public void onChannelAck(int channel) {
      if (channels[channel] == Channel.REQUESTED) {
        channels[channel] = Channel.OPEN;
        listener.channelOpened(channel, false);
      }
    }

    @Override
    public void onChannelNack(int channel) {
      Channel state = channels[channel];
      if (state == null) {
        return;
      }
      free(channel);
      if (state == Channel.REQUESTED) {
        listener.channelRefused(channel);
      } else {
        listener.channelClosed(channel); // a NACK on an open channel is a FIN
      }
    }

    @Override
    public void onChannelClose(int channel) {
      Channel state = channels[channel];
      if (state == Channel.OPEN) {
        free(channel);
        write(new MuxFrame.ChannelCloseAck(channel));
        listener.channelClosed(channel);
      } else if (state == Channel.CLOSING) {
        // lws acknowledges a close with CHANNEL_CLOSE (its sender bug), or both ends closed
        free(channel);
        listener.channelClosed(channel);
      }
    }

    @Override
    public void onChannelCloseAck(int channel) {
      if (channels[channel] == Channel.CLOSING) {
        free(channel);
        listener.channelClosed(channel);
      }
    }

    @Override
    public void onData(int channel, Bytes payload) {
      Channel state = channels[channel];
      if (state == Channel.OPEN || state == Channel.CLOSING) {
        listener.data(channel, payload);
      } else {
        // data for a channel we do not have: drop it and tell the peer it is closed
        write(new MuxFrame.ChannelNack(channel));
      }
    }

    @Override
    public void onPing(long time) {
      write(new MuxFrame.Pong(time, options.monotonicMicros().getAsLong()));
    }

    @Override
    public void onPong(long pingTime, long time) {
      if (pingTime != lastPing) {
        log.debug("[{}] PONG for {} but our PING was {}", tag, pingTime, lastPing);
        return;
      }
      write(new MuxFrame.PongAck(options.unixMicros().getAsLong()));
      goUp();
    }

    @Override
    public void onPongAck(long unixTime) {
      peerUnixMicros = unixTime;
      goUp();
    }

    @Override
    public void onResetTransport() {
      goDown();
    }

    @Override
    public void onError(SssProtocolException error) {
      log.info("[{}] {}", tag, error.getMessage());
      listener.error(error);
      if (!closed) {
        goDown();
      }
    }
  }
}
