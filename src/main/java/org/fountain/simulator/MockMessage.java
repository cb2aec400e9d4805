package org.fountain.simulator;

/** One Kafka message of the mock stream. */
public record MockMessage(String topic, byte[] key, byte[] value) {}
