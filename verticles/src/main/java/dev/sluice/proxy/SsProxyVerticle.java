package dev.sluice.proxy;

import dev.sluice.proxy.impl.ProxyCore;
import dev.sluice.proxy.impl.ProxyListeners;
import dev.sluice.runtime.Describable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The serialized Secure Streams proxy: listens on a Unix socket (a path, or {@code @name} in
 * Linux's abstract namespace, lws's default being {@code @proxy.ss.lws}), on TCP and on a
 * WebSocket path, and for every client stream creates an onward stream from this runtime's
 * policy with the host deployed here for its protocol. A link whose first byte is a frame type
 * carries one stream, as lws's socket transport; one whose first byte is a mux opcode carries a
 * stream per channel. Everything runs on this verticle's event loop.
 *
 * <p>Closed links with a reason are published on {@value ProxyCore#CLOSED_ADDRESS}.
 */
public final class SsProxyVerticle extends VerticleBase implements Describable {

  private final SsProxyOptions options;
  /** The listeners; null before start. */
  private ProxyListeners listeners;
  /** Shared by the links; null before start. */
  private ProxyCore core;

  public SsProxyVerticle(SsProxyOptions options) {
    this.options = new SsProxyOptions(options);
  }

  @Override
  public Future<?> start() {
    core = new ProxyCore(vertx, context, options);
    listeners = new ProxyListeners(core);
    return listeners.start();
  }

  @Override
  public Future<?> stop() {
    return listeners == null ? Future.succeededFuture() : listeners.stop();
  }

  /**
   * Serves one more link over blocking streams, as {@code sluice proxy --stdio} does with its
   * stdin and stdout (the byte-pipe case: lws's transport mux, as a UART carries it). Completes
   * when the pipe closes.
   */
  public Future<Void> servePipe(InputStream in, OutputStream out) {
    return listeners.servePipe(in, out);
  }

  /** The TCP port listened on (the chosen one when configured with 0), or -1. */
  public int tcpPort() {
    return listeners.tcpPort();
  }

  /** The WebSocket listener's HTTP port, or -1. */
  public int wsPort() {
    return listeners.wsPort();
  }

  /**
   * Counts now: {@code links} (accepted links open), {@code sessions} (streams open, one per plain
   * link or mux channel), {@code onward} (onward streams not destroyed), {@code accepted},
   * {@code errors}.
   */
  public JsonObject stats() {
    return core.stats();
  }

  @Override
  public List<String> describe() {
    return listeners.describe();
  }
}
