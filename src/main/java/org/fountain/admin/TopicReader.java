package org.fountain.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads records at given places on demand, for the dead-letter browser and the message peek: one consumer without a
 * group (nothing committed), committed records only, every read bounded in records and time. One read at a time.
 */
@Component
class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(300);

    /** The most one fetch brings (a larger single record still comes, alone). */
    static final int MAX_FETCH_BYTES = 8 << 20;

    private final KafkaProperties kafka;
    private final AdminProperties properties;
    private @Nullable KafkaConsumer<byte[], byte[]> consumer;

    TopicReader(KafkaProperties kafka, AdminProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    /** The record at a partition and offset, if the topic holds it. */
    synchronized Optional<ConsumerRecord<byte[], byte[]>> at(String topic, int partition, long offset) {
        KafkaConsumer<byte[], byte[]> c = consumer();
        TopicPartition tp = new TopicPartition(topic, partition);
        if (!partitionsOf(topic).contains(tp)) {
            return Optional.empty();
        }
        long start =
                c.beginningOffsets(List.of(tp), properties.requestTimeout()).getOrDefault(tp, 0L);
        long end = c.endOffsets(List.of(tp), properties.requestTimeout()).getOrDefault(tp, 0L);
        if (offset < start || offset >= end) {
            return Optional.empty();
        }
        c.assign(List.of(tp));
        c.seek(tp, offset);
        long deadline = System.nanoTime() + properties.requestTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL).records(tp)) {
                if (record.offset() == offset) {
                    return Optional.of(record);
                } else if (record.offset() > offset) {
                    return Optional.empty(); // a transaction marker or an aborted record
                }
            }
            if (c.position(tp) > offset) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Up to {@code perPartition} of the newest records of every partition of a topic, each turned by {@code read} into
     * what is kept of it as it is polled: a record's bytes (a dead letter keeps up to a MiB) are never all held at
     * once, and one poll brings at most {@code MAX_FETCH_BYTES}.
     */
    synchronized <T> List<T> newest(String topic, int perPartition, Function<ConsumerRecord<byte[], byte[]>, T> read) {
        KafkaConsumer<byte[], byte[]> c = consumer();
        List<TopicPartition> partitions = partitionsOf(topic);
        if (partitions.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> starts = c.beginningOffsets(partitions, properties.requestTimeout());
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, properties.requestTimeout());
        c.assign(partitions);
        Map<TopicPartition, Long> remaining = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.getOrDefault(tp, 0L);
            long from = Math.max(starts.getOrDefault(tp, 0L), end - perPartition);
            c.seek(tp, from);
            if (from < end) {
                remaining.put(tp, end);
            }
        }
        List<T> records = new ArrayList<>();
        long deadline = System.nanoTime() + properties.requestTimeout().toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            c.poll(POLL).forEach(record -> records.add(read.apply(record)));
            remaining.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
        }
        return records;
    }

    private List<TopicPartition> partitionsOf(String topic) {
        Collection<PartitionInfo> infos = consumer().partitionsFor(topic, properties.requestTimeout());
        return infos == null
                ? List.of()
                : infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = groupless(kafka, "fountain-admin-reader", 500);
        }
        return consumer;
    }

    /**
     * A consumer of bytes in no group (it commits nothing and is assigned partitions by hand), reading committed
     * records only, never creating a topic by asking for it.
     */
    static KafkaConsumer<byte[], byte[]> groupless(KafkaProperties kafka, String clientId, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_FETCH_BYTES);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
            consumer = null;
        }
    }
}
