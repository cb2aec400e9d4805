package org.fountain.ingest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A backstop for failures outside the listener's own handling (the broker not acknowledging matches): a short retry,
 * then the batch is logged and skipped rather than retried forever into a stalled partition.
 */
@Configuration
class IngestErrorHandling {

    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(1000L, 2));
    }
}
