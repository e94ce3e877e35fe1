package dev.sluice.broker.impl;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * An application message as the broker routes it; the payload is never modified once accepted.
 * The topic's UTF-8 form is kept so each delivery does not encode it again.
 */
record Message(String topic, byte[] topicUtf8, Buffer payload, int qos, boolean retain) {

  Message(String topic, Buffer payload, int qos, boolean retain) {
    this(topic, topic.getBytes(StandardCharsets.UTF_8), payload, qos, retain);
  }

  /** Same topic, payload, QoS and retain flag: how a repeated QoS 2 PUBLISH is recognised. */
  boolean sameAs(Message o) {
    return topic.equals(o.topic) && qos == o.qos && retain == o.retain && payload.equals(o.payload);
  }
}
