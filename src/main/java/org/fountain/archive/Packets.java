package org.fountain.archive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Reads alerts back from the survey topics by their coordinates, for the archive to keep: a consumer of its own (no
 * group, nothing committed), reading each partition forward from the first wanted offset and seeking past gaps. An
 * offset the topic no longer holds (retention) is simply not found. Used by one listener thread at a time.
 */
final class Packets implements AutoCloseable {

    /** A gap between wanted offsets longer than this is skipped by seeking rather than read through. */
    private static final long SEEK_GAP = 200;

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int EMPTY_POLLS = 4;

    private final KafkaConsumer<byte[], byte[]> consumer;

    Packets(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fountain-archive-packets");
        this.consumer = new KafkaConsumer<>(config);
    }

    /** Where an alert was published. */
    record Coordinates(String topic, int partition, long offset) {}

    /** The bytes at each of the coordinates the topics still hold. */
    Map<Coordinates, byte[]> read(List<Coordinates> wanted) {
        Map<TopicPartition, TreeMap<Long, Coordinates>> byPartition = new HashMap<>();
        for (Coordinates c : wanted) {
            byPartition
                    .computeIfAbsent(new TopicPartition(c.topic(), c.partition()), p -> new TreeMap<>())
                    .put(c.offset(), c);
        }
        Map<Coordinates, byte[]> found = new HashMap<>();
        for (Map.Entry<TopicPartition, TreeMap<Long, Coordinates>> entry : byPartition.entrySet()) {
            readPartition(entry.getKey(), entry.getValue(), found);
        }
        return found;
    }

    private void readPartition(
            TopicPartition partition, TreeMap<Long, Coordinates> wanted, Map<Coordinates, byte[]> found) {
        consumer.assign(List.of(partition));
        long last = wanted.lastKey();
        Long next = wanted.firstKey();
        consumer.seek(partition, next);
        int empty = 0;
        while (next != null && empty < EMPTY_POLLS) {
            List<ConsumerRecord<byte[], byte[]>> records =
                    new ArrayList<>(consumer.poll(POLL).records(partition));
            if (records.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            long position = -1;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                position = record.offset();
                Coordinates c = wanted.get(record.offset());
                if (c != null && record.value() != null) {
                    found.put(c, record.value());
                }
            }
            if (position >= last) {
                break;
            }
            next = wanted.higherKey(position);
            if (next != null && next - position > SEEK_GAP) {
                consumer.seek(partition, next);
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
