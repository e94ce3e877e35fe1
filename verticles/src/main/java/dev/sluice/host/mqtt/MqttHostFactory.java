package dev.sluice.host.mqtt;

import dev.sluice.host.StreamHostFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/** "hosts.mqtt": the MQTT client stream host. */
public final class MqttHostFactory implements StreamHostFactory {

  @Override
  public String name() {
    return "mqtt";
  }

  @Override
  public Deployable create(JsonObject config) {
    return new MqttStreamHost(new MqttHostOptions(config));
  }
}
