package dev.sluice.host.http;

import dev.sluice.host.StreamHostFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/** "hosts.http": the h1/h2 client stream host. */
public final class HttpHostFactory implements StreamHostFactory {

  @Override
  public String name() {
    return "http";
  }

  @Override
  public Deployable create(JsonObject config) {
    return new HttpStreamHost(new HttpHostOptions(config));
  }
}
