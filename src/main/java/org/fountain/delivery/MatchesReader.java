package org.fountain.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.internals.Topic;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one way to read the matches topic, for each of its consumers (the live relay, the archive, notifications):
 * listener containers set up alike (committed matches only, outside Kafka transactions), and every record read and
 * checked by the same rules. A record that is not a match record, or names a match no alert can have (no stream,
 * object or source topic; a time before 1970 or more than a day ahead; a negative partition or offset; a topic name
 * Kafka refuses), is skipped, counted under the consumer's own metric and logged with its coordinates, where it stays
 * for inspection: retrying it would stop that consumer for everyone.
 */
@Component
public class MatchesReader {

    private static final Logger log = LoggerFactory.getLogger(MatchesReader.class);
    private static final long MAX_CLOCK_SKEW_MILLIS = 86_400_000L;

    private final MatchRecords records;
    private final MeterRegistry meters;

    MatchesReader(MatchRecords records, MeterRegistry meters) {
        this.records = records;
        this.meters = meters;
    }

    /** A consumer's reader: what it is called in the log, and the counter of the records it skipped. */
    public Reader reader(String consumer, String unreadableMetric) {
        Counter unreadable = Counter.builder(unreadableMetric)
                .description("Match records the " + consumer + " skipped as unreadable (each logged with its topic,"
                        + " partition and offset, where it stays for inspection)")
                .register(meters);
        return new Reader(consumer, unreadable);
    }

    /** Reads records for one consumer. */
    public final class Reader {

        private final String consumer;
        private final Counter unreadable;

        private Reader(String consumer, Counter unreadable) {
            this.consumer = consumer;
            this.unreadable = unreadable;
        }

        /** The record's matches, or null (counted and logged) when it is not a match any alert can have. */
        public @Nullable AlertMatches read(ConsumerRecord<byte[], byte[]> record) {
            try {
                AlertMatches matches = records.read(record.value() == null ? new byte[0] : record.value());
                String problem = problemOf(matches, System.currentTimeMillis());
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
                return matches;
            } catch (RuntimeException e) {
                unreadable.increment();
                log.warn(
                        "The {} skipped an unreadable match record at {}-{}@{}: {}",
                        consumer,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.toString());
                return null;
            }
        }

        /** The matches of the records that can be read, in order. */
        public List<AlertMatches> read(List<ConsumerRecord<byte[], byte[]>> batch) {
            List<AlertMatches> read = new ArrayList<>(batch.size());
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                AlertMatches matches = read(record);
                if (matches != null) {
                    read.add(matches);
                }
            }
            return read;
        }
    }

    /**
     * What makes a record a match no alert can have, or null. A time or coordinates no match can have would make an
     * archive partition of year 292278994, or a reader of partition -1.
     */
    @SuppressWarnings("ConstantValue") // a record read from outside may lack what the types promise
    static @Nullable String problemOf(AlertMatches matches, long now) {
        if (matches.alert().stream() == null || matches.alert().stream().isBlank()) {
            return "the match names no stream";
        }
        if (matches.alert().objectId() == null || matches.alert().topic() == null) {
            return "the match names no object or source topic";
        }
        if (matches.matchedAt() <= 0 || matches.matchedAt() > now + MAX_CLOCK_SKEW_MILLIS) {
            return "matched at an impossible time: " + matches.matchedAt();
        }
        if (matches.alert().partition() < 0 || matches.alert().offset() < 0) {
            return "no such source partition or offset";
        }
        try {
            Topic.validate(matches.alert().topic());
        } catch (RuntimeException e) {
            return "no such source topic: " + e.getMessage();
        }
        return null;
    }

    /**
     * Listener containers for a consumer that reads a poll at a time and commits its offsets after the poll's work:
     * the broker gathers up to {@code gather} of matches (up to 1 MiB) into each poll, and a poll whose work fails (its
     * database away) is tried again with a back-off of up to 30 s for as long as it takes, each failure told to
     * {@code failed}.
     */
    public ConcurrentKafkaListenerContainerFactory<byte[], byte[]> batchContainers(
            ConsumerFactory<byte[], byte[]> consumers, Duration gather, RetryListener failed) {
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        Properties gathering = new Properties();
        gathering.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(gather.toMillis()));
        gathering.setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, gather.isZero() ? "1" : Integer.toString(1 << 20));
        factory.getContainerProperties().setKafkaConsumerProperties(gathering);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        DefaultErrorHandler errors = new DefaultErrorHandler(backOff);
        errors.setRetryListeners(failed);
        factory.setCommonErrorHandler(errors);
        return factory;
    }

    /**
     * Listener containers for the live relay: a record at a time, its offsets committed once a minute (its group is
     * new on every start and reads from the latest offset).
     */
    public ConcurrentKafkaListenerContainerFactory<byte[], byte[]> liveContainers(
            ConsumerFactory<byte[], byte[]> consumers) {
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.TIME);
        factory.getContainerProperties().setAckTime(60_000);
        return factory;
    }

    /** A retry listener that tells {@code failed} of each failed attempt at a poll (or a record of it). */
    public static RetryListener onFailure(BiConsumer<@Nullable Exception, Integer> failed) {
        return new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception e, int attempt) {
                failed.accept(e, attempt);
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, @Nullable Exception e, int attempt) {
                failed.accept(e, attempt);
            }
        };
    }
}
