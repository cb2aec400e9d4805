package org.fountain.simulator;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The mock stream plays the part of a survey: it publishes with a plain producer of its own, outside Fountain's
 * transactions, from the same connection settings.
 */
final class MockProducer {

    private MockProducer() {}

    static KafkaTemplate<byte[], byte[]> template(KafkaProperties properties) {
        Map<String, Object> config = properties.buildProducerProperties();
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fountain-mock-stream");
        DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        return new KafkaTemplate<>(factory);
    }
}
