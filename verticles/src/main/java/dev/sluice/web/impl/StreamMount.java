package dev.sluice.web.impl;

import dev.sluice.web.ServerStreamDispatcher;
import dev.sluice.web.WebServerOptions.MountOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands requests to a server streamtype through the {@link ServerStreamDispatcher} registered by
 * the HTTP server-stream host. With none registered, or when the dispatcher refuses, it answers 503
 * naming the streamtype.
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

  @Override
  public void handle(HttpServerRequest req, String rest) {
    Optional<ServerStreamDispatcher> d = ServerStreamDispatcher.lookup(vertx);
    if (d.isEmpty()) {
      Responses.error(req, 503, "no server-stream dispatcher is deployed for streamtype \"" + options.streamtype() + "\"");
      return;
    }
    d.get().dispatch(options.streamtype(), req, rest).onFailure(e -> {
      log.info("stream mount {}: streamtype \"{}\" refused {}: {}", options.mountpoint(), options.streamtype(),
          req.path(), e.getMessage());
      Responses.error(req, 503, "streamtype \"" + options.streamtype() + "\" cannot take this request");
    });
  }
}
