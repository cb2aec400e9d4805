package org.fountain.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes messages that cannot be decoded to the dead-letter topic, unchanged (cut at 1 MiB), with headers saying
 * why and where they came from, so nothing is lost and an operator can inspect or replay them.
 */
@Component
class DeadLetters {

    static final String REASON = "fountain.reason";
    static final String ERROR = "fountain.error";
    static final String STREAM = "fountain.stream";
    static final String SOURCE_TOPIC = "fountain.source.topic";
    static final String SOURCE_PARTITION = "fountain.source.partition";
    static final String SOURCE_OFFSET = "fountain.source.offset";
    static final String SOURCE_TIMESTAMP = "fountain.source.timestamp";
    static final String ORIGINAL_SIZE = "fountain.original.size";
    static final int MAX_KEPT_BYTES = 1024 * 1024;
    /** A key is cut too (its full size is in {@code fountain.original.key.size}): a letter must always fit its topic. */
    static final int MAX_KEPT_KEY_BYTES = 1024;

    static final String ORIGINAL_KEY_SIZE = "fountain.original.key.size";
    private static final int MAX_ERROR_CHARS = 2000;

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final String topic;

    DeadLetters(KafkaTemplate<byte[], byte[]> kafka, IngestProperties properties) {
        this.kafka = kafka;
        this.topic = properties.deadLetterTopic();
    }

    CompletableFuture<?> publish(ConsumerRecord<byte[], byte[]> record, String stream, String reason, String error) {
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        byte[] kept = payload.length > MAX_KEPT_BYTES ? Arrays.copyOf(payload, MAX_KEPT_BYTES) : payload;
        byte[] key = record.key();
        if (key != null && key.length > MAX_KEPT_KEY_BYTES) {
            key = Arrays.copyOf(key, MAX_KEPT_KEY_BYTES);
        }
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, key, kept);
        Headers headers = letter.headers();
        add(headers, REASON, reason);
        add(headers, ERROR, error == null ? "" : error.substring(0, Math.min(error.length(), MAX_ERROR_CHARS)));
        add(headers, STREAM, stream);
        add(headers, SOURCE_TOPIC, record.topic());
        add(headers, SOURCE_PARTITION, Integer.toString(record.partition()));
        add(headers, SOURCE_OFFSET, Long.toString(record.offset()));
        add(headers, SOURCE_TIMESTAMP, Long.toString(record.timestamp()));
        add(headers, ORIGINAL_SIZE, Integer.toString(payload.length));
        add(headers, ORIGINAL_KEY_SIZE, Integer.toString(record.key() == null ? 0 : record.key().length));
        return kafka.send(letter);
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Configuration
    static class Topic {

        @Bean
        NewTopic deadLetterTopic(IngestProperties properties) {
            return TopicBuilder.name(properties.deadLetterTopic())
                    .partitions(1)
                    .config("max.message.bytes", Integer.toString(2 * MAX_KEPT_BYTES))
                    .build();
        }
    }
}
