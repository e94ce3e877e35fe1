package dev.sluice.web.impl;

import dev.sluice.web.WebServerOptions.MountOptions;
import io.vertx.core.http.HttpServerRequest;

/** Answers every request under the mountpoint with the configured status and Location. */
final class RedirectMount implements Mount {

  private final MountOptions options;

  RedirectMount(MountOptions options) {
    this.options = options;
  }

  @Override
  public long maxBodyBytes() {
    return 0;
  }

  @Override
  public void handle(HttpServerRequest req, String rest) {
    req.response().setStatusCode(options.status()).putHeader("location", options.location()).end();
  }
}
