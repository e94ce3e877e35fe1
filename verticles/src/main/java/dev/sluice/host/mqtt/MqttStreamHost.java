package dev.sluice.host.mqtt;

import dev.sluice.host.mqtt.codec.MqttWriter;
import dev.sluice.policy.Protocol;
import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.ss.spi.Endpoint;
import dev.sluice.ss.spi.HostRegistry;
import dev.sluice.ss.spi.HostedStream;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamHost;
import dev.sluice.ss.spi.StreamSpec;
import dev.sluice.ss.spi.TlsOptionsCache;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hosts MQTT client streams. Streams to one broker share one {@link MqttConnection}, whose CONNECT
 * (keep-alive, clean session, will) comes from the first stream's streamtype, as in lws. Client
 * id, user name and password come from {@link MqttHostOptions}, never from the policy.
 */
public final class MqttStreamHost extends VerticleBase implements StreamHost {

  private final MqttHostOptions options;
  private final TlsOptionsCache tls = new TlsOptionsCache();
  /** Connections by broker authority; a connection removes itself when its last stream leaves. */
  private final Map<String, MqttConnection> connections = new ConcurrentHashMap<>();
  /** Created in start(), closed in stop(). */
  private NetClient netClient;
  /** The password read at start (from the file or the environment), or null. Never logged. */
  private byte[] password;
  /** The client id used when the options give none: random per host instance. */
  private final String randomClientId = "sluice-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

  public MqttStreamHost(MqttHostOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    netClient = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.getConnectTimeoutMs())).setTcpNoDelay(true));
    Future<byte[]> pw;
    if (options.getPasswordFile() != null) {
      pw = vertx.fileSystem().readFile(options.getPasswordFile())
          .map(b -> b.toString(StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8));
    } else {
      String env = options.getPasswordEnv() == null ? null : System.getenv(options.getPasswordEnv());
      pw = Future.succeededFuture(env == null || env.isEmpty() ? null : env.getBytes(StandardCharsets.UTF_8));
    }
    return pw.onSuccess(p -> {
      password = p;
      HostRegistry.of(vertx).register(this);
    });
  }

  @Override
  public Future<?> stop() {
    HostRegistry.of(vertx).unregister(this);
    connections.values().forEach(MqttConnection::close);
    connections.clear();
    return netClient.close();
  }

  @Override
  public Set<Protocol> protocols() {
    return EnumSet.of(Protocol.MQTT);
  }

  @Override
  public HostedStream open(StreamSpec spec, StreamClient client) {
    return new MqttHostStream(this, spec, client);
  }

  /** The connection for a stream's broker, created (on the stream's context) if there is none. */
  MqttConnection connection(StreamSpec spec, Map<String, String> metadata, Context context)
      throws GeneralSecurityException {
    StreamType type = spec.type();
    Endpoint ep = Endpoint.resolve(type, metadata, 1883, 8883);
    String key = ep.authority() + (ep.tls() ? "|tls|" + type.trustStore() : "");
    MqttConnection c = connections.get(key);
    if (c != null) {
      return c;
    }
    ClientSSLOptions ssl = ep.tls() ? tls.options(spec.policy(), type.trustStore(), List.of()) : null;
    MqttConnection.Settings settings = new MqttConnection.Settings(ep.host(), ep.port(), ep.tls(), ep.authority(),
        connectFor(type, metadata), ssl, birthFor(type, metadata));
    MqttConnection fresh = new MqttConnection(this, settings, context, () -> connections.remove(key));
    MqttConnection raced = connections.putIfAbsent(key, fresh);
    return raced == null ? fresh : raced;
  }

  private MqttWriter.Connect connectFor(StreamType type, Map<String, String> md) {
    String clientId = options.resolveClientId();
    String willTopic = type.template(StreamKey.MQTT_WILL_TOPIC).map(t -> t.expand(md::get)).orElse(null);
    byte[] willMessage = type.template(StreamKey.MQTT_WILL_MESSAGE).map(t -> t.expand(md::get))
        .map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
    int keepAlive = (int) type.number(StreamKey.MQTT_KEEP_ALIVE, MqttHostOptions.DEFAULT_KEEP_ALIVE_SECS);
    return new MqttWriter.Connect(clientId != null ? clientId : randomClientId, type.flag(StreamKey.MQTT_CLEAN_START)
        || clientId == null, keepAlive, options.resolveUsername(), password,
        willTopic == null || willTopic.isEmpty() ? null : willTopic, willMessage,
        (int) type.number(StreamKey.MQTT_WILL_QOS, 0), type.flag(StreamKey.MQTT_WILL_RETAIN));
  }

  private MqttConnection.Birth birthFor(StreamType type, Map<String, String> md) {
    String topic = type.template(StreamKey.MQTT_BIRTH_TOPIC).map(t -> t.expand(md::get)).orElse("");
    if (topic.isEmpty()) {
      return null;
    }
    String msg = type.template(StreamKey.MQTT_BIRTH_MESSAGE).map(t -> t.expand(md::get)).orElse("");
    return new MqttConnection.Birth(topic, Buffer.buffer(msg), (int) type.number(StreamKey.MQTT_BIRTH_QOS, 0),
        type.flag(StreamKey.MQTT_BIRTH_RETAIN));
  }

  NetClient netClient() {
    return netClient;
  }

  MqttHostOptions options() {
    return options;
  }
}
