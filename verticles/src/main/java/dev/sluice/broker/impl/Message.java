package dev.sluice.broker.impl;

import io.vertx.core.buffer.Buffer;

/** An application message as the broker routes it; the payload is never modified once accepted. */
record Message(String topic, Buffer payload, int qos, boolean retain) {

  /** Same topic, payload, QoS and retain flag: how a repeated QoS 2 PUBLISH is recognised. */
  boolean sameAs(Message o) {
    return topic.equals(o.topic) && qos == o.qos && retain == o.retain && payload.equals(o.payload);
  }
}
