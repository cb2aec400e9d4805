package org.fountain.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What happens when a batch cannot be committed. Bad input never gets here: the listener turns it into dead letters.
 * What does get here is the broker being unreachable or refusing the transaction; then the transaction is rolled back
 * and the batch is retried from its committed offsets, with a back-off growing to ten seconds, for as long as it
 * takes. Skipping it would lose alerts.
 */
@Configuration
class IngestErrorHandling {

    private static BackOff untilTheBrokerIsBack() {
        ExponentialBackOff backOff = new ExponentialBackOff(500L, 2.0);
        backOff.setMaxInterval(10_000L);
        return backOff;
    }

    /**
     * Rolls the batch back and retries it; every rollback is counted ({@code fountain_ingest_rollbacks_total}) and
     * logged with its cause, so an operator sees a batch that keeps failing.
     */
    @Bean
    AfterRollbackProcessor<Object, Object> afterRollbackProcessor(MeterRegistry meters) {
        Counter rollbacks = Counter.builder("fountain.ingest.rollbacks")
                .description("Batches rolled back and retried (the broker away, a send that failed)")
                .register(meters);
        Logger log = LoggerFactory.getLogger(IngestErrorHandling.class);
        return new DefaultAfterRollbackProcessor<>(untilTheBrokerIsBack()) {
            @Override
            public void processBatch(
                    ConsumerRecords<Object, Object> records,
                    List<ConsumerRecord<Object, Object>> recordList,
                    Consumer<Object, Object> consumer,
                    org.springframework.kafka.listener.@Nullable MessageListenerContainer container,
                    Exception exception,
                    boolean recoverable,
                    ContainerProperties.EOSMode eosMode) {
                rollbacks.increment();
                log.warn(
                        "A batch of {} records was rolled back and will be retried: {}",
                        recordList.size(),
                        exception.toString());
                super.processBatch(records, recordList, consumer, container, exception, recoverable, eosMode);
            }
        };
    }

    /**
     * The survey listener acknowledges itself (a batch cut short by its time budget commits only what it did), and
     * lets the broker gather alerts for up to {@code fountain.ingest.gather} into each fetch: every batch is one Kafka
     * transaction, and a few larger ones cost the broker and this instance much less than one per alert or two.
     */
    @Bean
    ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> ingestContainerSettings(
            IngestProperties properties) {
        return container -> {
            ContainerProperties settings = container.getContainerProperties();
            settings.setAckMode(ContainerProperties.AckMode.MANUAL);
            Properties consumer = new Properties();
            consumer.putAll(settings.getKafkaConsumerProperties());
            consumer.setProperty(
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                    Long.toString(properties.gather().toMillis()));
            consumer.setProperty(
                    ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                    properties.gather().isZero() ? "1" : Integer.toString(1 << 20));
            settings.setKafkaConsumerProperties(consumer);
        };
    }

    /**
     * A batch that fails is handed back to the container, never retried where it failed: it failed inside its Kafka
     * transaction, which after a failed send can only be aborted, so a retry in place would fail the same way for
     * ever. Rethrown, the transaction is rolled back and {@link #afterRollbackProcessor} retries the batch from the
     * committed offsets, in a fresh transaction.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        return new CommonErrorHandler() {
            @Override
            public void handleBatch(
                    Exception thrownException,
                    ConsumerRecords<?, ?> data,
                    Consumer<?, ?> consumer,
                    MessageListenerContainer container,
                    Runnable invokeListener) {
                if (thrownException instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new KafkaException("a batch failed", thrownException);
            }
        };
    }
}
