package dev.sluice.proxy.impl;

import dev.sluice.proxy.SsProxyOptions;
import dev.sluice.ss.impl.wire.BytePipe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The proxy's listeners (Unix socket, TCP, WebSocket), each handing accepted links to a {@link ProxyLink}. */
public final class ProxyListeners {

  private static final Logger log = LoggerFactory.getLogger(ProxyListeners.class);
  /** The largest WebSocket message the proxy takes: a little more than the largest SSS frame. */
  private static final int MAX_WS_MESSAGE = 65535 + 3 + 4;

  private final ProxyCore core;
  private final SsProxyOptions options;
  private NetServer uds;
  private NetServer tcp;
  private HttpServer ws;

  public ProxyListeners(ProxyCore core) {
    this.core = core;
    this.options = core.options;
  }

  public Future<Void> start() {
    if (options.getUds() == null && options.getTcpPort() < 0 && options.getWsPort() < 0
        && !options.isPipeOnly()) {
      return Future.failedFuture(new IllegalArgumentException(
          "proxy: no listener configured (set uds, tcpPort or wsPort)"));
    }
    List<Future<?>> all = new ArrayList<>();
    if (options.getUds() != null) {
      all.add(listenUds());
    }
    if (options.getTcpPort() >= 0) {
      tcp = core.vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
          .connectHandler(s -> accept(s, "tcp"));
      all.add(tcp.listen(options.getTcpPort(), options.getTcpHost()).recover(e -> Future.failedFuture(
          new IllegalStateException("proxy cannot listen on tcp " + options.getTcpHost() + ":"
              + options.getTcpPort() + ": " + e.getMessage(), e))));
    }
    if (options.getWsPort() >= 0) {
      ws = core.vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)
          .setMaxWebSocketFrameSize(MAX_WS_MESSAGE).setMaxWebSocketMessageSize(MAX_WS_MESSAGE))
          .webSocketHandshakeHandler(this::handshake)
          .webSocketHandler(s -> new ProxyLink(core, LinkIo.of(s)));
      all.add(ws.listen(options.getWsPort(), options.getTcpHost()).recover(e -> Future.failedFuture(
          new IllegalStateException("proxy cannot listen for WebSockets on " + options.getTcpHost()
              + ":" + options.getWsPort() + ": " + e.getMessage(), e))));
    }
    return Future.all(all).mapEmpty();
  }

  private Future<?> listenUds() {
    String name = options.getUds();
    SocketAddress address;
    if (options.isAbstractUds()) {
      if (!core.vertx.isNativeTransportEnabled()) {
        return Future.failedFuture(new IllegalStateException("proxy: the abstract Unix socket " + name
            + " needs Vert.x's epoll transport, and this Vert.x runs without it; use a socket path"));
      }
      address = SocketAddress.domainSocketAddress("\0" + name.substring(1));
    } else {
      removeStaleSocket(Path.of(name));
      address = SocketAddress.domainSocketAddress(name);
    }
    uds = core.vertx.createNetServer().connectHandler(s -> accept(s, "uds"));
    return uds.listen(address).recover(e -> Future.failedFuture(new IllegalStateException(
        "proxy cannot listen on the Unix socket " + name + ": " + e.getMessage(), e)));
  }

  /** A socket file left by a proxy that did not stop cleanly would refuse the bind. */
  private static void removeStaleSocket(Path path) {
    try {
      if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
        Files.delete(path);
      }
    } catch (IOException e) {
      log.warn("cannot remove the old socket {}: {}", path, e.getMessage());
    }
  }

  private void accept(NetSocket socket, String carrier) {
    if (!admit()) {
      socket.close();
      return;
    }
    new ProxyLink(core, LinkIo.of(socket, carrier));
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    if (!handshake.path().equals(options.getWsPath())) {
      handshake.reject(404);
    } else if (!admit()) {
      handshake.reject(503);
    } else {
      handshake.accept();
    }
  }

  private boolean admit() {
    if (core.links.get() >= options.getMaxLinks()) {
      log.warn("proxy: {} links open, the limit (maxLinks); refusing another", core.links.get());
      return false;
    }
    return true;
  }

  /**
   * Serves one link over blocking streams (stdin and stdout); completes when the pipe closes.
   */
  public Future<Void> servePipe(java.io.InputStream in, java.io.OutputStream out) {
    Promise<Void> ended = Promise.promise();
    core.context.runOnContext(v -> {
      BytePipe pipe = new BytePipe(core.context, in, out, "sluice-proxy-stdio");
      new ProxyLink(core, LinkIo.of(pipe, ended::tryComplete));
      pipe.start();
    });
    return ended.future();
  }

  public Future<Void> stop() {
    List<Future<?>> all = new ArrayList<>();
    for (var server : new Object[] {uds, tcp, ws}) {
      if (server instanceof NetServer n) {
        all.add(n.close());
      } else if (server instanceof HttpServer h) {
        all.add(h.close());
      }
    }
    return Future.all(all).onComplete(ar -> {
      if (options.getUds() != null && !options.isAbstractUds()) {
        removeStaleSocket(Path.of(options.getUds()));
      }
    }).mapEmpty();
  }

  public int tcpPort() {
    return tcp == null ? -1 : tcp.actualPort();
  }

  public int wsPort() {
    return ws == null ? -1 : ws.actualPort();
  }

  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    if (uds != null) {
      lines.add("ss proxy      uds " + options.getUds());
    }
    if (tcp != null) {
      lines.add("ss proxy      tcp " + options.getTcpHost() + ":" + tcp.actualPort());
    }
    if (ws != null) {
      lines.add("ss proxy      ws://" + options.getTcpHost() + ":" + ws.actualPort() + options.getWsPath());
    }
    return lines;
  }
}
