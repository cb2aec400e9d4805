package org.fountain.filters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** Creates a filter's own Kafka topic ({@code fountain.filter.<id>}) when its owner turns Kafka output on. */
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
}
