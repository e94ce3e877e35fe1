package dev.sluice.web.impl;

import dev.sluice.ss.spi.ServerDispatchers;
import dev.sluice.ss.spi.ServerRequestDispatcher;
import dev.sluice.web.ServerStreamDispatcher;
import dev.sluice.web.WebServerOptions.MountOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands requests to a server streamtype: through a {@link ServerStreamDispatcher} when one is
 * registered, otherwise through the {@link ServerRequestDispatcher} of the streamtype, which exists
 * while an application serves it ({@code SecureStreams.serve}; an {@code "endpoint": "!name"}
 * streamtype opens no listener of its own). With neither, or when the dispatcher refuses, it answers
 * 503 naming the streamtype.
 */
final class StreamMount implements Mount {

  private static final Logger log = LoggerFactory.getLogger(StreamMount.class);

  private final Vertx vertx;
  private final MountOptions options;

  StreamMount(Vertx vertx, MountOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  @Override
  public long maxBodyBytes() {
    return options.maxBodyBytes();
  }

  /** An h1 GET asking to become a WebSocket (RFC 6455 section 4.1). */
  static boolean isWebSocketUpgrade(HttpServerRequest req) {
    return req.version() != HttpVersion.HTTP_2 && req.method() == HttpMethod.GET
        && req.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true);
  }

  /** The mountpoint without a trailing '/', removed from the front of the path the stream sees. */
  private String mountPrefix() {
    String m = options.mountpoint();
    return m.endsWith("/") ? m.substring(0, m.length() - 1) : m;
  }

  @Override
  public void handle(HttpServerRequest req, String rest) {
    Optional<ServerStreamDispatcher> d = ServerStreamDispatcher.lookup(vertx);
    if (d.isEmpty() || isWebSocketUpgrade(req)) {
      Optional<ServerRequestDispatcher> served = ServerDispatchers.of(vertx).dispatcher(options.streamtype());
      if (served.isEmpty()) {
        Responses.error(req, 503, "streamtype \"" + options.streamtype() + "\" is not being served here"
            + " (an application serves it with SecureStreams.serve)");
        return;
      }
      if (isWebSocketUpgrade(req)) {
        served.get().upgrade(req);
      } else {
        served.get().dispatch(req, mountPrefix());
      }
      return;
    }
    d.get().dispatch(options.streamtype(), req, rest).onFailure(e -> {
      log.info("stream mount {}: streamtype \"{}\" refused {}: {}", options.mountpoint(), options.streamtype(),
          req.path(), e.getMessage());
      Responses.error(req, 503, "streamtype \"" + options.streamtype() + "\" cannot take this request");
    });
  }
}
