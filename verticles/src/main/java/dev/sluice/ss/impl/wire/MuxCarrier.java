package dev.sluice.ss.impl.wire;

import dev.sluice.ss.ProxyAddress;
import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.mux.MuxLink;
import dev.sluice.sss.mux.MuxLinkListener;
import dev.sluice.sss.mux.MuxLinkOptions;
import dev.sluice.sss.mux.MuxRole;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams over lws's transport mux on one byte pipe: the stdin and stdout of a command started
 * for {@code stdio:CMD}. Each stream gets a channel (ids from 0xFF down, as lws's client). The
 * mux runs on its own context; a stream on another context gets its reports there (one hop per
 * piece, the price of sharing a pipe among event loops).
 */
public final class MuxCarrier implements WireCarrier, MuxLinkListener {

  private static final Logger log = LoggerFactory.getLogger(MuxCarrier.class);

  private final Vertx vertx;
  private final Context context;
  private final MuxLink link;
  private final Process process;
  private final BytePipe pipe;
  /** Streams waiting for the link to come up. */
  private final Deque<WireStream> waiting = new ArrayDeque<>();
  /** Streams whose channel was asked for, by channel. */
  private final Map<Integer, WireStream> requested = new HashMap<>();
  /** Streams with an open channel, by channel. */
  private final Map<Integer, WireStream> open = new HashMap<>();
  /** The link's timer; -1 when none. */
  private long timer = -1;
  /** Whether the pipe is gone. */
  private boolean dead;

  public MuxCarrier(Vertx vertx, ProxyAddress address) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    try {
      process = new ProcessBuilder(address.command())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot start " + address + ": " + e.getMessage(), e);
    }
    this.link = new MuxLink("mux|" + address.command().get(0), MuxLinkOptions.of(MuxRole.CLIENT),
        this);
    this.pipe = new BytePipe(context, process.getInputStream(), process.getOutputStream(),
        "sluice-stdio");
    pipe.handler(b -> link.receive(Bytes.copyOf(b))).closeHandler(v -> pipeClosed());
    pipe.start();
    context.runOnContext(v -> link.start());
  }

  @Override
  public void open(WireStream stream) {
    context.runOnContext(v -> openHere(stream));
  }

  private void openHere(WireStream stream) {
    if (dead) {
      toStream(stream, () -> stream.linkFailed("the stdio command has exited"));
      return;
    }
    if (!link.isUp()) {
      waiting.add(stream);
      return;
    }
    OptionalInt channel = link.openChannel();
    if (channel.isEmpty()) {
      toStream(stream, () -> stream.linkFailed("no mux channel free"));
      return;
    }
    requested.put(channel.getAsInt(), stream);
  }

  private void pipeClosed() {
    dead = true;
    log.info("[mux] the stdio command closed its output");
    link.close();
    cancelTimer();
    waiting.forEach(s -> toStream(s, () -> s.linkFailed("the stdio command has exited")));
    waiting.clear();
  }

  private void toStream(WireStream stream, Runnable action) {
    if (Vertx.currentContext() == stream.context()) {
      action.run();
    } else {
      stream.context().runOnContext(v -> action.run());
    }
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  @Override
  public Future<Void> close() {
    return context.executeBlocking(() -> {
      pipe.close();
      process.destroy();
      return null;
    });
  }

  // ---- MuxLinkListener

  @Override
  public void write(Bytes bytes) {
    pipe.write(bytes.toBuffer());
  }

  @Override
  public void schedule(Duration delay) {
    cancelTimer();
    if (!dead) {
      timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
        timer = -1;
        link.timerFired();
      });
    }
  }

  @Override
  public void linkUp() {
    log.debug("[mux] link up");
    Deque<WireStream> ready = new ArrayDeque<>(waiting);
    waiting.clear();
    ready.forEach(this::openHere);
  }

  @Override
  public void linkDown() {
    log.info("[mux] link down");
  }

  @Override
  public void channelOpened(int channel, boolean byPeer) {
    WireStream stream = requested.remove(channel);
    if (stream == null) {
      link.closeChannel(channel); // the proxy opens none of its own to a client
      return;
    }
    open.put(channel, stream);
    toStream(stream, () -> stream.linkUp(new ChannelLink(channel)));
  }

  @Override
  public void channelRefused(int channel) {
    WireStream stream = requested.remove(channel);
    if (stream != null) {
      toStream(stream, () -> stream.linkFailed("the proxy refused mux channel " + channel));
    }
  }

  @Override
  public void channelClosed(int channel) {
    WireStream stream = open.remove(channel);
    if (stream != null) {
      toStream(stream, stream::linkDown);
      return;
    }
    WireStream asked = requested.remove(channel);
    if (asked != null) {
      toStream(asked, () -> asked.linkFailed("mux channel " + channel + " closed"));
    }
  }

  @Override
  public void data(int channel, Bytes payload) {
    WireStream stream = open.get(channel);
    if (stream != null) {
      toStream(stream, () -> stream.linkBytes(payload));
    }
  }

  @Override
  public void error(SssProtocolException error) {
    log.info("[mux] {}", error.getMessage());
  }

  /** One stream's channel; its calls come from the stream's context. */
  private final class ChannelLink implements Link {
    private final int channel;

    ChannelLink(int channel) {
      this.channel = channel;
    }

    @Override
    public void write(Bytes bytes) {
      context.runOnContext(v -> {
        if (link.isOpen(channel)) {
          link.send(channel, bytes);
        }
      });
    }

    @Override
    public boolean full() {
      return pipe.writeQueueFull();
    }

    @Override
    public void pause() {
      // one pipe carries every channel: pausing it would stop the others
    }

    @Override
    public void resume() {
    }

    @Override
    public void close() {
      context.runOnContext(v -> link.closeChannel(channel));
    }
  }
}
