package dev.sluice.host.ws;

import dev.sluice.host.StreamHostFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/** "hosts.ws": the WebSocket stream host (client streams and ws listeners). */
public final class WsHostFactory implements StreamHostFactory {

  @Override
  public String name() {
    return "ws";
  }

  @Override
  public Deployable create(JsonObject config) {
    return new WsStreamHost(new WsHostOptions(config));
  }
}
