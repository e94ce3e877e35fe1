package dev.sluice.web;

import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.runtime.Describable;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamServer;
import dev.sluice.web.WebServerOptions.ListenerOptions;
import dev.sluice.web.WebServerOptions.VhostOptions;
import dev.sluice.web.impl.EchoStreamHandler;
import dev.sluice.web.impl.WebServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The web server of runtime.json's "web" section: its vhosts' listeners and mounts, plus the
 * built-in echo handler on the server streamtypes named in {@code echoStreamtypes} (served by the
 * stream hosts on their own listeners). Undeploying stops accepting and lets requests in flight
 * finish for up to {@code limits.shutdownTimeoutMs}.
 */
public final class WebServerVerticle extends VerticleBase implements Describable {

  private final WebServerOptions options;
  /** Created in start(); null before. */
  private WebServer server;
  /** The echo streamtypes being served; closed in stop(). */
  private final List<StreamServer> echoes = new ArrayList<>();

  public WebServerVerticle(WebServerOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    server = new WebServer(vertx, options);
    Future<Void> chain = server.start();
    for (String st : options.echoStreamtypes()) {
      chain = chain.compose(v -> SecureStreams.create(vertx).serve(st, EchoStreamHandler::new)
          .recover(e -> Future.failedFuture(new IllegalArgumentException(
              "web.echoStreamtypes: cannot serve \"" + st + "\": " + e.getMessage(), e)))
          .map(s -> {
            echoes.add(s);
            return null;
          }));
    }
    return chain.recover(e -> stop().transform(ignored -> Future.failedFuture(e)));
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> all = new ArrayList<>();
    echoes.forEach(s -> all.add(s.close()));
    echoes.clear();
    if (server != null) {
      all.add(server.shutdown());
    }
    return Future.join(all);
  }

  /** The bound port of the first listener of {@code vhost} (useful with port 0), or -1. */
  public int port(String vhost) {
    return server == null ? -1 : server.port(vhost);
  }

  @Override
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (VhostOptions v : options.vhosts()) {
      String urls = v.listeners().stream().map(this::url).collect(Collectors.joining(" "));
      String mounts = v.mounts().stream().map(m -> m.mountpoint() + " (" + m.type().name().toLowerCase() + ")")
          .collect(Collectors.joining(", "));
      lines.add(String.format("%-13s %s  %s", "web " + v.name(), urls, mounts));
    }
    for (StreamServer s : echoes) {
      String sub = PolicyHolder.of(vertx).current().flatMap(p -> p.policy().streamType(s.streamtype()))
          .map(t -> t.string(StreamKey.WS_SUBPROTOCOL)).orElse("");
      List<String> where = new ArrayList<>(mountedAt(s.streamtype()));
      if (s.actualPort() > 0) { // its own listener too
        String host = PolicyHolder.of(vertx).current().flatMap(p -> p.policy().streamType(s.streamtype()))
            .map(StreamType::endpoint).flatMap(e -> e).map(t -> t.source()).orElse("*");
        where.add("ws://" + host + ":" + s.actualPort() + "/");
      }
      lines.add(String.format("%-13s %s  (subprotocol %s)", "echo",
          where.isEmpty() ? s.streamtype() + " (no listener and no stream mount)" : String.join(" ", where),
          sub.isEmpty() ? "none" : sub));
    }
    return lines;
  }

  /** ws:// URLs of the stream mounts that serve {@code streamtype}, on every listener of their vhost. */
  private List<String> mountedAt(String streamtype) {
    List<String> urls = new ArrayList<>();
    for (VhostOptions v : options.vhosts()) {
      for (WebServerOptions.MountOptions m : v.mounts()) {
        if (m.type() == WebServerOptions.MountType.STREAM && streamtype.equals(m.streamtype())) {
          for (ListenerOptions l : v.listeners()) {
            int port = server == null ? l.port() : server.port(l);
            urls.add((l.tls() ? "wss://" : "ws://") + l.host() + ":" + port + m.mountpoint());
          }
        }
      }
    }
    return urls;
  }

  private String url(ListenerOptions l) {
    int port = server == null ? l.port() : server.port(l);
    String scheme = l.tls() ? "https" : "http";
    return scheme + "://" + l.host() + ":" + port + "/ (" + (l.tls() ? "h2, h1" : l.h2c() ? "h1, h2c" : "h1") + ")";
  }
}
