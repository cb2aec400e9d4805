package org.fountain.filters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * A filter's own Kafka topic ({@code fountain.filter.<id>}): created when its owner turns Kafka output on, deleted
 * (with what it holds) when they turn it off or delete the filter, so that topics on the cluster are only those of
 * filters writing to them, at most {@code max-outputs-per-user} per user.
 */
@Component
class FilterOutputs {

    private static final Logger log = LoggerFactory.getLogger(FilterOutputs.class);

    private final KafkaAdmin admin;
    private final FiltersProperties properties;

    FilterOutputs(KafkaAdmin admin, FiltersProperties properties) {
        this.admin = admin;
        this.properties = properties;
    }

    void prepare(Filter filter) {
        if (!filter.kafkaOutput()) {
            return;
        }
        try {
            admin.createOrModifyTopics(TopicBuilder.name(filter.outputTopic())
                    .partitions(properties.outputPartitions())
                    // a forwarded alert of up to 10 MiB with its headers (the producer's max.request.size)
                    .config("max.message.bytes", "11534336")
                    .build());
        } catch (RuntimeException e) {
            log.warn("Could not create {}: {}", filter.outputTopic(), e.toString());
        }
    }

    /** Deletes the topic of a filter that no longer writes to it. */
    void retire(long filterId) {
        String topic = Filter.outputTopic(filterId);
        try {
            admin.deleteTopics(topic);
        } catch (RuntimeException e) {
            log.warn("Could not delete {}: {}", topic, e.toString());
        }
    }
}
