package dev.sluice.broker.impl;

import dev.sluice.broker.MqttBrokerOptions;
import dev.sluice.broker.MqttBrokerVerticle;
import dev.sluice.runtime.ComponentFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Deploys the embedded MQTT broker from runtime.json's "mqtt-broker" section. The embedded
 * conf/runtime.json has that section, so {@code sluice run} starts a broker; a runtime.json
 * without it starts none (a broker binds a well-known port, so it is never a silent default).
 */
public final class BrokerComponent implements ComponentFactory {

  @Override
  public String name() {
    return "mqtt-broker";
  }

  @Override
  public int order() {
    return 20;
  }

  @Override
  public Deployable create(JsonObject config, Path confDir) {
    MqttBrokerOptions o = new MqttBrokerOptions(config);
    if (o.getPasswordFile() != null && confDir != null && !Path.of(o.getPasswordFile()).isAbsolute()) {
      o.setPasswordFile(confDir.resolve(o.getPasswordFile()).toString());
    }
    return new MqttBrokerVerticle(o);
  }
}
