package org.fountain.filters;

import java.util.List;

/**
 * A filter that an alert satisfied, who receives its matches (the owner, and the followers while it is public), and
 * whether its matches also go to its own Kafka topic ({@link Filter#outputTopic(long)}).
 */
public record MatchedFilter(long id, String name, String owner, List<String> recipients, boolean kafkaOutput) {}
