package org.fountain;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole portal on real parts: an embedded KRaft Kafka broker and an embedded
 * PostgreSQL, started once per test JVM and shared by every test context. The mock stream is off; tests publish the
 * alerts they need to {@link #SURVEY_TOPIC}, a one-partition topic, so alerts are processed in the order sent.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fountain.simulator.enabled=false", "fountain.accounts.admin-password=test-admin-password"})
public abstract class FountainIntegrationTest {

    protected static final String SURVEY_TOPIC = "ztf_20990101_programid1";

    protected static final EmbeddedServices SERVICES = startServices();

    private static EmbeddedServices startServices() {
        EmbeddedServices services = EmbeddedServices.start();
        services.kafka().addTopics(new NewTopic(SURVEY_TOPIC, 1, (short) 1));
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "embedded-services-shutdown"));
        return services;
    }

    @DynamicPropertySource
    static void embeddedServices(DynamicPropertyRegistry registry) {
        SERVICES.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    private static KafkaProducer<byte[], byte[]> producer;

    /** The live relay reads from the latest offset: wait until every listener has its partitions. */
    @BeforeEach
    void waitForListenerAssignments() {
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            ContainerTestUtils.waitForAssignment(
                    container, container.getListenerId().equals("ingest") ? 1 : 3);
        }
    }

    protected static void publish(MockAlert alert) {
        publishRaw(MockAlerts.containerFile(alert));
    }

    protected static synchronized void publishRaw(byte[] payload) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SERVICES.kafkaBootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class,
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    10_485_760));
        }
        try {
            producer.send(new ProducerRecord<>(SURVEY_TOPIC, payload)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a test alert", e);
        }
    }

    protected static double jdNow() {
        return System.currentTimeMillis() / 86_400_000.0 + 2440587.5;
    }

    protected static final Duration SECONDS_20 = Duration.ofSeconds(20);
}
