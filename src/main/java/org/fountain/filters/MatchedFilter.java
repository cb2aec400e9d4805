package org.fountain.filters;

/**
 * A filter that an alert satisfied: who owns it, and whether its matches also go to its own Kafka topic
 * ({@link Filter#outputTopic(long)}).
 */
public record MatchedFilter(long id, String name, String owner, boolean kafkaOutput) {}
