package org.fountain.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.fountain.delivery.MatchesReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

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
            ConsumerFactory<byte[], byte[]> consumers,
            MatchesReader reader,
            ArchiveProperties properties,
            MeterRegistry meters) {
        Counter failures = Counter.builder("fountain.archive.failures")
                .description("Batches the archive could not write and will try again (PostgreSQL away, mostly)")
                .register(meters);
        return reader.batchContainers(consumers, properties.gather(), MatchesReader.onFailure((e, attempt) -> {
            failures.increment();
            log.warn("The archive could not write a batch (attempt {}; tried again): {}", attempt, String.valueOf(e));
        }));
    }
}
