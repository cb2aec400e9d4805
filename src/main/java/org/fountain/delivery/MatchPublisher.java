package org.fountain.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fountain.alerts.AlertSummary;
import org.fountain.filters.MatchedFilter;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Writes matches to the matches topic (one record per alert), from which every instance pushes them to its own
 * sessions; and matched alerts to the topics of filters with Kafka output ({@link FilterTopics} decides which).
 */
@Component
public class MatchPublisher {

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final String topic;
    private final MatchRecords records;

    MatchPublisher(KafkaTemplate<byte[], byte[]> kafka, MatchRecords records, DeliveryProperties properties) {
        this.kafka = kafka;
        this.records = records;
        this.topic = properties.matchesTopic();
    }

    /**
     * Sends the matched alert, as the survey published it, to a filter's own topic, with the match in headers:
     * {@code fountain.filter.id}, {@code fountain.filter.name}, {@code fountain.alert.id}, {@code fountain.object.id},
     * {@code fountain.stream}, {@code fountain.source.topic/partition/offset}.
     */
    CompletableFuture<SendResult<byte[], byte[]>> publishToFilterTopic(
            String topic, AlertSummary alert, MatchedFilter filter, byte[] alertMessage) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, alert.objectId().getBytes(StandardCharsets.UTF_8), alertMessage);
        header(record, "fountain.filter.id", Long.toString(filter.id()));
        header(record, "fountain.filter.name", filter.name());
        header(record, "fountain.alert.id", Long.toString(alert.alertId()));
        header(record, "fountain.object.id", alert.objectId());
        header(record, "fountain.stream", alert.stream());
        header(record, "fountain.source.topic", alert.topic());
        header(record, "fountain.source.partition", Integer.toString(alert.partition()));
        header(record, "fountain.source.offset", Long.toString(alert.offset()));
        return kafka.send(record);
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String key, String value) {
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the matches of one alert keyed by its object, as one record (several when it matched more than {@link
     * AlertMatches#MAX_FILTERS_PER_RECORD} filters, so that none is ever too large for the topic); the future
     * completes when the broker has them all.
     */
    public CompletableFuture<?> publish(AlertMatches matches) {
        byte[] key = matches.alert().objectId().getBytes(StandardCharsets.UTF_8);
        List<AlertMatches> parts = matches.parts();
        if (parts.size() == 1) {
            return kafka.send(topic, key, records.encode(matches));
        }
        CompletableFuture<?>[] sent = new CompletableFuture<?>[parts.size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = kafka.send(topic, key, records.encode(parts.get(i)));
        }
        return CompletableFuture.allOf(sent);
    }
}
