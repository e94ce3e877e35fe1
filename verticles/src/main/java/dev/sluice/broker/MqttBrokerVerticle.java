package dev.sluice.broker;

import dev.sluice.broker.impl.Broker;
import dev.sluice.runtime.Describable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded MQTT 3.1.1 (and 3.1) broker: QoS 0, 1 and 2, retained messages, wills, persistent
 * sessions, keep-alive, shared subscriptions, a maximum packet size checked from the fixed header,
 * and packet checks as strict as Mosquitto's. Deployed by default from runtime.json's
 * "mqtt-broker" section so that {@code sluice run} has a broker with nothing else installed. The
 * broker runs on this verticle's one event loop.
 */
public final class MqttBrokerVerticle extends VerticleBase implements Describable {

  private final MqttBrokerOptions options;
  private Broker broker;
  private NetServer server;

  public MqttBrokerVerticle(MqttBrokerOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    Future<Map<String, byte[]>> passwords = options.getPasswordFile() == null ? Future.succeededFuture(Map.of())
        : vertx.fileSystem().readFile(options.getPasswordFile()).map(b -> parsePasswords(options.getPasswordFile(), b));
    return passwords.compose(pw -> {
      broker = new Broker(vertx, context, options, pw);
      server = vertx.createNetServer(new NetServerOptions().setHost(options.getHost()).setPort(options.getPort())
          .setTcpNoDelay(true)).connectHandler(broker::accept);
      return server.listen().recover(t -> Future.failedFuture(new IllegalStateException("mqtt-broker cannot listen on "
          + options.getHost() + ":" + options.getPort() + ": " + t.getMessage()
          + " (is another broker running? set mqtt-broker.port, or mqtt-broker.enabled false)", t)));
    });
  }

  /** Lines "user:password"; blank lines and lines starting with '#' are skipped. */
  static Map<String, byte[]> parsePasswords(String file, Buffer content) {
    Map<String, byte[]> out = new HashMap<>();
    String[] lines = content.toString(StandardCharsets.UTF_8).split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        // The line itself may hold a password: only its number is reported.
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected user:password");
      }
      out.put(line.substring(0, colon), line.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public Future<?> stop() {
    if (broker != null) {
      broker.closeAll();
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port it listens on (the chosen one when configured with 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Counters, read on the broker's event loop: connections, sessions, subscriptions, retained
   * messages, queued messages, and messages dropped for slow or offline clients.
   */
  public Future<JsonObject> stats() {
    Promise<JsonObject> p = Promise.promise();
    context.runOnContext(v -> p.complete(broker.stats()));
    return p.future();
  }

  @Override
  public List<String> describe() {
    return List.of("mqtt broker   mqtt://" + options.getHost() + ":" + actualPort()
        + (options.getPasswordFile() == null && options.isAllowAnonymous() ? " (anonymous)" : " (login required)"));
  }
}
