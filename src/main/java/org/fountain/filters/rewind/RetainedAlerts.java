package org.fountain.filters.rewind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The messages still retained on a stream's topics since a point in time, read once in offset order per partition by
 * a consumer of its own: no consumer group, nothing committed, so ingest's consumers and offsets are untouched.
 */
final class RetainedAlerts {

    /** Whether to go on reading; asked before every poll. */
    interface Progress {
        /** True to stop before the next poll. */
        boolean stop();

        /** After each poll's records have been handed over. */
        void polled();
    }

    private final KafkaProperties kafka;

    RetainedAlerts(KafkaProperties kafka) {
        this.kafka = kafka;
    }

    /**
     * Reads every message on the topics matching {@code topics} from {@code since} up to the end offsets found when it
     * starts; {@code total} hears that count first (an estimate: transaction markers take offsets too).
     */
    void read(
            String clientId,
            Pattern topics,
            Instant since,
            LongConsumer total,
            Consumer<ConsumerRecord<byte[], byte[]>> each,
            Progress progress) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Map.Entry<String, List<PartitionInfo>> topic :
                    consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
                if (topics.matcher(topic.getKey()).matches()) {
                    topic.getValue().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> remaining = new HashMap<>();
            long estimate = 0;
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp start = starts.get(p);
                long end = ends.getOrDefault(p, 0L);
                long begin = start == null ? end : start.offset();
                if (begin < end) {
                    remaining.put(p, end);
                    estimate += end - begin;
                }
            }
            total.accept(estimate);
            consumer.assign(remaining.keySet());
            for (Map.Entry<TopicPartition, Long> p : remaining.entrySet()) {
                OffsetAndTimestamp start = starts.get(p.getKey());
                consumer.seek(p.getKey(), start == null ? p.getValue() : start.offset());
            }
            while (!remaining.isEmpty() && !progress.stop()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    Long end = remaining.get(p);
                    if (end == null || record.offset() >= end) {
                        continue;
                    }
                    if (progress.stop()) {
                        break;
                    }
                    each.accept(record);
                    if (record.offset() + 1 >= end) {
                        remaining.remove(p);
                    }
                }
                progress.polled();
                // partitions whose last records were transaction markers never deliver their end offset
                for (TopicPartition p : List.copyOf(remaining.keySet())) {
                    if (consumer.position(p) >= remaining.getOrDefault(p, 0L)) {
                        remaining.remove(p);
                    }
                }
                consumer.pause(Set.copyOf(consumer.assignment()).stream()
                        .filter(p -> !remaining.containsKey(p))
                        .toList());
            }
        }
    }
}
