package org.fountain.ingest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
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

    @Bean
    AfterRollbackProcessor<Object, Object> afterRollbackProcessor() {
        return new DefaultAfterRollbackProcessor<>(untilTheBrokerIsBack());
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
            java.util.Properties consumer = new java.util.Properties();
            consumer.putAll(settings.getKafkaConsumerProperties());
            consumer.setProperty(
                    org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                    Long.toString(properties.gather().toMillis()));
            consumer.setProperty(
                    org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                    properties.gather().isZero() ? "1" : Integer.toString(1 << 20));
            settings.setKafkaConsumerProperties(consumer);
        };
    }

    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        return new DefaultErrorHandler(untilTheBrokerIsBack());
    }
}
