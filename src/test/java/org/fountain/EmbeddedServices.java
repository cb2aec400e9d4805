package org.fountain;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft Kafka broker and a real PostgreSQL server, both embedded in this JVM's process tree, for the
 * embedded run mode and the tests. Never part of the production jar.
 */
public final class EmbeddedServices implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker kafka;
    private final EmbeddedPostgres postgres;

    private EmbeddedServices(EmbeddedKafkaKraftBroker kafka, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** Starts both, each on a free port. */
    public static EmbeddedServices start() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperty("auto.create.topics.enable", "false");
        kafka.brokerProperty("message.max.bytes", "10485760");
        kafka.brokerProperty("replica.fetch.max.bytes", "10485760");
        kafka.brokerProperty("log.retention.hours", "168");
        kafka.afterPropertiesSet();
        try {
            return new EmbeddedServices(kafka, EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            kafka.destroy();
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    public EmbeddedKafkaKraftBroker kafka() {
        return kafka;
    }

    /** The Spring properties that point Fountain at these services. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        return properties;
    }

    @Override
    public void close() {
        try {
            kafka.destroy();
        } finally {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
