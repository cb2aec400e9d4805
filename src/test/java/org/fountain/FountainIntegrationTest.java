package org.fountain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole portal on real parts: an embedded KRaft Kafka broker and an embedded
 * PostgreSQL, started once per test JVM and shared by every test context. The mock stream is off; tests publish the
 * alerts they need to {@link #SURVEY_TOPIC}, a one-partition topic, so alerts are processed in the order sent.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "fountain.simulator.enabled=false",
            "fountain.accounts.admin-password=test-admin-password",
            "fountain.alerts.streams[0].name=ztf",
            "fountain.alerts.streams[0].topic-pattern=ztf_.*",
            "fountain.alerts.streams[1].name=rubin",
            "fountain.alerts.streams[1].topic-pattern=lsst-alerts-v11",
            "fountain.alerts.streams[1].profile=lsst",
            "fountain.alerts.streams[1].schema-directory=../shared/alerts/lsst/schema",
            "fountain.alerts.streams[2].name=unreachable",
            "fountain.alerts.streams[2].topic-pattern=noregistry-.*",
            "fountain.alerts.streams[2].schema-registry-url=http://127.0.0.1:1",
            "fountain.alerts.streams[3].name=lsst",
            "fountain.alerts.streams[3].topic-pattern=lsst-alerts-v.*",
            "fountain.alerts.streams[3].profile=lsst",
            "fountain.alerts.streams[3].schema-directory=classpath:alerts/lsst-schema",
            "spring.kafka.consumer.properties.metadata.max.age.ms=2000",
            "fountain.accounts.api.basic-auth=true",
            "fountain.accounts.api.requests-per-minute=100",
            "fountain.notifications.allow-private-targets=true",
            "fountain.notifications.pause-after-failures=3",
            "fountain.notifications.max-back-off=1s",
            "spring.mail.host=127.0.0.1"
        })
public abstract class FountainIntegrationTest {

    protected static final String SURVEY_TOPIC = "ztf_20990101_programid1";
    protected static final String RUBIN_TOPIC = "lsst-alerts-v11";
    protected static final String NO_REGISTRY_TOPIC = "noregistry-alerts";

    protected static final EmbeddedServices SERVICES = startServices();

    private static EmbeddedServices startServices() {
        EmbeddedServices services = EmbeddedServices.start();
        services.kafka()
                .addTopics(
                        new NewTopic(SURVEY_TOPIC, 1, (short) 1),
                        new NewTopic(RUBIN_TOPIC, 1, (short) 1),
                        new NewTopic(NO_REGISTRY_TOPIC, 1, (short) 1));
        // no shutdown hook stops them: the cached application contexts close at exit while the broker still runs,
        // then the JVM's end stops the broker, and the PostgreSQL watchdog stops the database
        return services;
    }

    /** A real SMTP server for the e-mails Fountain sends, started once per test JVM like the broker. */
    protected static final com.icegreen.greenmail.util.GreenMail MAIL = startMail();

    private static com.icegreen.greenmail.util.GreenMail startMail() {
        com.icegreen.greenmail.util.GreenMail mail = new com.icegreen.greenmail.util.GreenMail(
                com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    @DynamicPropertySource
    static void embeddedServices(DynamicPropertyRegistry registry) {
        SERVICES.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    private static KafkaProducer<byte[], byte[]> producer;

    /** The live relay reads from the latest offset: wait until every listener has its partitions. */
    @BeforeEach
    void waitForListenerAssignments() {
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            List<String> wanted = container.getListenerId().equals("ingest")
                    ? List.of(SURVEY_TOPIC, RUBIN_TOPIC, NO_REGISTRY_TOPIC)
                    : List.of("fountain.matches");
            Awaitility.await().atMost(SECONDS_20).until(() -> {
                var assigned = container.getAssignedPartitions();
                return assigned != null
                        && assigned.stream()
                                .map(TopicPartition::topic)
                                .collect(Collectors.toSet())
                                .containsAll(wanted);
            });
        }
    }

    protected static void publish(MockAlert alert) {
        publishRaw(MockAlerts.containerFile(alert));
    }

    protected static void publishRaw(byte[] payload) {
        publishRaw(SURVEY_TOPIC, payload);
    }

    protected static synchronized void publishRaw(String topic, byte[] payload) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SERVICES.kafkaBootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class,
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    33_554_432,
                    ProducerConfig.BUFFER_MEMORY_CONFIG,
                    67_108_864));
        }
        try {
            producer.send(new ProducerRecord<>(topic, payload)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a test alert", e);
        }
    }

    /** The offset the next record published to the topic's partition 0 will have. */
    protected static long endOffset(String topic) {
        return SERVICES.kafka().doWithAdminFunction(admin -> {
            try {
                var partition = new TopicPartition(topic, 0);
                return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .partitionResult(partition)
                        .get()
                        .offset();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    protected static String bootstrapServers() {
        return SERVICES.kafkaBootstrapServers();
    }

    protected static double jdNow() {
        return org.fountain.alerts.Sky.julianDate(System.currentTimeMillis());
    }

    protected static final Duration SECONDS_20 = Duration.ofSeconds(20);
}
