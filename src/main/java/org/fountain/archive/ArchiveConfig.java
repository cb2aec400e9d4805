package org.fountain.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveProperties.class)
class ArchiveConfig {

    private static final Logger log = LoggerFactory.getLogger(ArchiveConfig.class);

    /**
     * The archive's consumers: outside Kafka transactions, reading committed matches only, a poll at a time (the broker
     * gathering up to {@code fountain.archive.gather} of matches into each); offsets
     * are committed after the poll's rows are. A batch that fails (PostgreSQL away) is tried again with a back-off of
     * up to 30 s for as long as it takes: nothing is skipped, and ingest and live delivery, in groups of their own,
     * are not held up.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<byte[], byte[]> archiveContainerFactory(
            ConsumerFactory<byte[], byte[]> consumers, ArchiveProperties properties, MeterRegistry meters) {
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        java.util.Properties gathering = new java.util.Properties();
        gathering.setProperty(
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                Long.toString(properties.gather().toMillis()));
        gathering.setProperty(
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, properties.gather().isZero() ? "1" : Integer.toString(1 << 20));
        factory.getContainerProperties().setKafkaConsumerProperties(gathering);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        DefaultErrorHandler errors = new DefaultErrorHandler(backOff);
        Counter failures = Counter.builder("fountain.archive.failures")
                .description("Batches the archive could not write and will try again (PostgreSQL away, mostly)")
                .register(meters);
        errors.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception e, int attempt) {
                failed(e, attempt);
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, @Nullable Exception e, int attempt) {
                failed(e, attempt);
            }

            private void failed(@Nullable Exception e, int attempt) {
                failures.increment();
                log.warn(
                        "The archive could not write a batch (attempt {}; tried again): {}",
                        attempt,
                        String.valueOf(e));
            }
        });
        factory.setCommonErrorHandler(errors);
        return factory;
    }
}
