/**
 * The embedded MQTT broker ({@link dev.sluice.broker.MqttBrokerVerticle}) and its options.
 * {@code docs/mqtt-broker.md} describes what it does, its limits and how it differs from Mosquitto.
 */
package dev.sluice.broker;
