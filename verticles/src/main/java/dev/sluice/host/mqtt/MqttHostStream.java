package dev.sluice.host.mqtt;

import dev.sluice.host.mqtt.codec.MqttPacket;
import dev.sluice.policy.RetrySchedule;
import dev.sluice.policy.StreamKey;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.spi.HostStreamBase;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT client stream on a shared {@link MqttConnection}: CONNECTED once the broker accepted the
 * connection (and the stream's subscription), each message the application sends (SOM..EOM) is one
 * PUBLISH to {@code mqtt_topic}, each PUBACK gives QOS_ACK_REMOTE (ack: the packet id), each
 * message on the subscription is one rx with SOM|EOM.
 */
final class MqttHostStream extends HostStreamBase implements MqttConnection.Member {

  private static final Logger log = LoggerFactory.getLogger(MqttHostStream.class);

  private final MqttStreamHost host;
  /** The connection this stream is attached to, or null when not attached. */
  private MqttConnection connection;
  /** The message being assembled from tx pieces; null between messages. */
  private Buffer message;
  /** Acknowledgements that arrived while the stream was not connected, reported once it is. */
  private int pendingAcks;
  /** The subscription filter expanded at connect time, or null. */
  private String filter;
  /** The publish topic expanded from the current metadata, and why it cannot be used; recomputed when metadata changes. */
  private String topic;
  private String topicProblem;

  MqttHostStream(MqttStreamHost host, StreamSpec spec, StreamClient client) {
    super(spec, client, RetrySchedule.of(spec.policy().retryFor(spec.type()).orElse(null)));
    this.host = host;
  }

  @Override
  protected void protocolConnect() {
    String f = expand(StreamKey.MQTT_SUBSCRIBE);
    filter = f.isEmpty() ? null : f;
    if (filter != null) {
      String problem = TopicFilter.filterProblem(filter);
      if (problem != null) {
        connectFailed(StreamState.UNREACHABLE, 0, problem, 0);
        return;
      }
    }
    try {
      connection = host.connection(spec, metadata, context);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      connectFailed(StreamState.UNREACHABLE, 0, e.getMessage(), 0);
      return;
    }
    connection.attach(this);
  }

  @Override
  public void setMetadata(String name, String value) {
    super.setMetadata(name, value);
    topic = null;
  }

  @Override
  protected void protocolClose() {
    MqttConnection c = connection;
    connection = null;
    message = null;
    if (c != null) {
      c.detach(this);
    }
  }

  @Override
  protected void protocolTxWanted() {
    pullTx();
  }

  @Override
  protected void protocolWrite(Buffer payload, int flags) {
    if (StreamFlags.has(flags, StreamFlags.SOM) && StreamFlags.has(flags, StreamFlags.EOM)) {
      // The common case, a whole message in one piece: no assembly copy.
      message = null;
      if (payload.length() > host.options().getMaxPacketSize()) {
        log.error("{}: message of {} bytes exceeds the MQTT limit of {} (hosts.mqtt.maxPacketSize); dropped", tag,
            payload.length(), host.options().getMaxPacketSize());
        failLocally();
        return;
      }
      publish(payload);
      return;
    }
    if (StreamFlags.has(flags, StreamFlags.SOM) || message == null) {
      message = Buffer.buffer();
    }
    if (message.length() + payload.length() > host.options().getMaxPacketSize()) {
      log.error("{}: message of more than {} bytes exceeds the MQTT limit (hosts.mqtt.maxPacketSize); dropped", tag,
          host.options().getMaxPacketSize());
      message = null;
      failLocally();
      return;
    }
    message.appendBuffer(payload);
    if (StreamFlags.has(flags, StreamFlags.EOM)) {
      Buffer m = message;
      message = null;
      publish(m);
      return;
    }
    context.runOnContext(v -> txWritten());
  }

  private void publish(Buffer m) {
    if (topic == null) {
      topic = expand(StreamKey.MQTT_TOPIC);
      topicProblem = TopicFilter.publishProblem(topic);
    }
    if (topicProblem != null) {
      log.error("{}: not published: {}", tag, topicProblem);
      failLocally();
      return;
    }
    MqttConnection c = connection;
    if (c == null) {
      context.runOnContext(v -> txWritten());
      return;
    }
    c.publish(this, topic, m, type.mqttQos(), type.flag(StreamKey.MQTT_RETAIN));
    c.whenRoom(this, this::txWritten);
  }

  /** A message this stream cannot send: QOS_NACK_LOCAL, after which lws allows only DESTROYING. */
  private void failLocally() {
    if (report(StreamState.QOS_NACK_LOCAL, 0)) {
      abandonConnection();
    }
  }

  // ------------------------------------------------------------------ MqttConnection.Member

  @Override
  public Context context() {
    return context;
  }

  @Override
  public String filter() {
    return filter;
  }

  @Override
  public int subscribeQos() {
    return type.mqttQos();
  }

  @Override
  public void ready() {
    if (isDestroyed() || connection == null) {
      return;
    }
    connectionUp();
    if (!reportConnected()) {
      return;
    }
    validityConfirmed();
    while (pendingAcks > 0) {
      pendingAcks--;
      if (!report(StreamState.QOS_ACK_REMOTE, 0)) {
        return;
      }
    }
    pullTx();
  }

  @Override
  public void lost(String why, StreamState refusal, boolean unacknowledged) {
    if (isDestroyed() || connection == null) {
      return;
    }
    connection = null;
    message = null;
    if (refusal != null && !isConnectedReported()) {
      connectFailed(refusal, 0, why, 0);
      return;
    }
    connectionClosed(why);
    if (unacknowledged && !type.nailedUp()) {
      // Messages handed over are not lost: come back to see them acknowledged.
      reconnect();
    }
  }

  @Override
  public void delivered(MqttPacket.Publish p) {
    deliverRx(p.payload(), StreamFlags.SOM | StreamFlags.EOM);
  }

  @Override
  public void acked(int packetId) {
    if (isDestroyed()) {
      return;
    }
    if (phase() == Phase.CONNECTED && isConnectedReported()) {
      report(StreamState.QOS_ACK_REMOTE, packetId);
    } else {
      pendingAcks++;
    }
  }
}
