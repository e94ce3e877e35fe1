package dev.sluice.sss.mux;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records a mux reader's frames and a mux link's events as lines, e.g. {@code REQ 255},
 * {@code DATA 255 aa0010...}, {@code opened 1 by peer}; keeps the link's writes and timer.
 */
public class RecordingMux implements MuxReader.Callback, MuxLinkListener {

  /** Frames and events in order. */
  public final List<String> events = new ArrayList<>();
  /** Bytes written to the pipe, one entry per write. */
  public final List<Bytes> writes = new ArrayList<>();
  /** Delays the link asked for, in order; the last one is armed. */
  public final List<Duration> scheduled = new ArrayList<>();
  /** Where writes go besides {@link #writes} (the other end of an in-memory pipe). */
  public Consumer<Bytes> pipe = bytes -> { };
  /** Whether to accept the peer's channel requests. */
  public boolean accept = true;

  /** The writes so far as hex, and forgets them. */
  public List<String> takeWrites() {
    List<String> hex = new ArrayList<>();
    writes.forEach(w -> hex.add(w.hex()));
    writes.clear();
    return hex;
  }

  /** The events so far, and forgets them. */
  public List<String> takeEvents() {
    List<String> taken = new ArrayList<>(events);
    events.clear();
    return taken;
  }

  @Override
  public void onChannelReq(int channel) {
    events.add("REQ " + channel);
  }

  @Override
  public void onChannelAck(int channel) {
    events.add("ACK " + channel);
  }

  @Override
  public void onChannelNack(int channel) {
    events.add("NACK " + channel);
  }

  @Override
  public void onChannelClose(int channel) {
    events.add("CLOSE " + channel);
  }

  @Override
  public void onChannelCloseAck(int channel) {
    events.add("CLOSE_ACK " + channel);
  }

  @Override
  public void onData(int channel, Bytes payload) {
    events.add("DATA " + channel + " " + payload.hex());
  }

  @Override
  public void onPing(long time) {
    events.add("PING " + Long.toHexString(time));
  }

  @Override
  public void onPong(long pingTime, long time) {
    events.add("PONG " + Long.toHexString(pingTime) + " " + Long.toHexString(time));
  }

  @Override
  public void onPongAck(long unixTime) {
    events.add("PONGACK " + unixTime);
  }

  @Override
  public void onResetTransport() {
    events.add("RESET");
  }

  @Override
  public void onError(SssProtocolException error) {
    events.add("ERROR " + error.getMessage());
  }

  @Override
  public void write(Bytes bytes) {
    writes.add(bytes);
    pipe.accept(bytes);
  }

  @Override
  public void schedule(Duration delay) {
    scheduled.add(delay);
  }

  @Override
  public void linkUp() {
    events.add("up");
  }

  @Override
  public void linkDown() {
    events.add("down");
  }

  @Override
  public boolean acceptChannel(int channel) {
    return accept;
  }

  @Override
  public void channelOpened(int channel, boolean byPeer) {
    events.add("opened " + channel + (byPeer ? " by peer" : ""));
  }

  @Override
  public void channelRefused(int channel) {
    events.add("refused " + channel);
  }

  @Override
  public void channelClosed(int channel) {
    events.add("closed " + channel);
  }

  @Override
  public void data(int channel, Bytes payload) {
    events.add("data " + channel + " " + payload.hex());
  }

  @Override
  public void error(SssProtocolException error) {
    events.add("error " + error.getMessage());
  }
}
