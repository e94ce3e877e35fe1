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
  /** The served streamtypes' dispatchers of this Vert.x instance (one registry per instance). */
  private final ServerDispatchers served;
  /** The mountpoint without a trailing '/', removed from the front of the path the stream sees. */
  private final String mountPrefix;

  StreamMount(Vertx vertx, MountOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.served = ServerDispatchers.of(vertx);
    String m = options.mountpoint();
    this.mountPrefix = m.endsWith("/") ? m.substring(0, m.length() - 1) : m;
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

  @Override
  public void handle(HttpServerRequest req, String rest) {
    Optional<ServerStreamDispatcher> d = ServerStreamDispatcher.lookup(vertx);
    boolean upgrade = isWebSocketUpgrade(req);
    if (d.isEmpty() || upgrade) {
      Optional<ServerRequestDispatcher> dispatcher = served.dispatcher(options.streamtype());
      if (dispatcher.isEmpty()) {
        Responses.error(req, 503, "streamtype \"" + options.streamtype() + "\" is not being served here"
            + " (an application serves it with SecureStreams.serve)");
        return;
      }
      if (upgrade) {
        dispatcher.get().upgrade(req);
      } else {
        dispatcher.get().dispatch(req, mountPrefix);
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
