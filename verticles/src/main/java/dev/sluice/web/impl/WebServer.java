package dev.sluice.web.impl;

import dev.sluice.web.WebServerOptions;
import dev.sluice.web.WebServerOptions.ListenerOptions;
import dev.sluice.web.WebServerOptions.VhostOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The vhosts and the listeners they share: vhosts naming the same host and port share one socket
 * (and must agree on its TLS), and the Host header chooses between them.
 */
public final class WebServer {

  private final Vertx vertx;
  private final WebServerOptions options;
  private final List<Vhost> vhosts = new ArrayList<>();
  /** By "host:port"; in the order the vhosts name them. */
  private final Map<String, Listener> listeners = new LinkedHashMap<>();

  public WebServer(Vertx vertx, WebServerOptions options) {
    this.vertx = vertx;
    this.options = options;
    Map<String, ListenerOptions> sockets = new LinkedHashMap<>();
    Map<String, List<Vhost>> users = new LinkedHashMap<>();
    for (VhostOptions vo : options.vhosts()) {
      Vhost v = new Vhost(vertx, vo, options);
      vhosts.add(v);
      for (ListenerOptions l : vo.listeners()) {
        ListenerOptions known = sockets.putIfAbsent(l.address(), l);
        if (known != null && (!Objects.equals(known.certPem(), l.certPem()) || !Objects.equals(known.keyPem(), l.keyPem()))) {
          throw new IllegalArgumentException("web.vhosts: vhost \"" + vo.name() + "\" names listener " + l.address()
              + " with other TLS files than another vhost on the same socket");
        }
        users.computeIfAbsent(l.address(), k -> new ArrayList<>()).add(v);
      }
    }
    sockets.forEach((addr, l) -> listeners.put(addr, new Listener(vertx, l, users.get(addr), options.limits())));
  }

  /** Opens every mount, then starts every listener; fails naming the listener that could not bind. */
  public Future<Void> start() {
    List<Future<Void>> opened = new ArrayList<>();
    vhosts.forEach(v -> opened.add(v.open()));
    return Future.all(opened).compose(v -> {
      Future<Void> chain = Future.succeededFuture();
      for (Listener l : listeners.values()) {
        chain = chain.compose(x -> l.start().recover(e -> Future.failedFuture(new IllegalStateException(
            "web: cannot listen on " + l.options().address() + ": " + e.getMessage(), e))));
      }
      return chain;
    });
  }

  /** The bound port of {@code l} (useful with port 0), or its configured one before start. */
  public int port(ListenerOptions l) {
    Listener listener = listeners.get(l.address());
    int p = listener == null ? -1 : listener.actualPort();
    return p > 0 ? p : l.port();
  }

  /** The bound port of the first listener of {@code vhost}, or -1. */
  public int port(String vhost) {
    return options.vhosts().stream().filter(v -> v.name().equals(vhost)).findFirst()
        .map(v -> port(v.listeners().get(0))).orElse(-1);
  }

  /** Graceful: every listener stops accepting and drains. */
  public Future<Void> shutdown() {
    List<Future<Void>> all = new ArrayList<>();
    listeners.values().forEach(l -> all.add(l.shutdown()));
    return Future.join(all).mapEmpty();
  }
}
