package org.fountain;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;
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
        EmbeddedKafkaKraftBroker kafka = startKafka();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            stopWithThisProcess(postgres);
            return new EmbeddedServices(kafka, postgres);
        } catch (IOException e) {
            kafka.destroy();
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** A broker alone, on a free port, set up as Fountain's tests expect. */
    public static EmbeddedKafkaKraftBroker startKafka() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperty("auto.create.topics.enable", "false");
        // room for the oversized messages the tests send on purpose
        kafka.brokerProperty("message.max.bytes", "33554432");
        kafka.brokerProperty("replica.fetch.max.bytes", "33554432");
        kafka.brokerProperty("transaction.state.log.replication.factor", "1");
        kafka.brokerProperty("transaction.state.log.min.isr", "1");
        kafka.brokerProperty("offsets.topic.replication.factor", "1");
        kafka.brokerProperty("log.retention.hours", "168");
        kafka.afterPropertiesSet();
        return kafka;
    }

    /**
     * PostgreSQL runs as a separate process. Should this JVM die before its shutdown hooks have stopped it (killed, or
     * its parent Maven gone first), a small watchdog stops the server and removes its data folder, so no process and
     * no port outlive the run.
     */
    static void stopWithThisProcess(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("show data_directory")) {
            rs.next();
            Path dataDirectory = Path.of(rs.getString(1));
            String postmasterPid = Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .strip();
            String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                    + "kill -INT " + postmasterPid + " 2>/dev/null; "
                    + "while kill -0 " + postmasterPid + " 2>/dev/null; do sleep 0.2; done; "
                    + "rm -rf '" + dataDirectory + "'";
            new ProcessBuilder("sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (SQLException | IOException | RuntimeException e) {
            LoggerFactory.getLogger(EmbeddedServices.class)
                    .warn(
                            "No watchdog for the embedded PostgreSQL; stop it by hand if the JVM is killed: {}",
                            e.toString());
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
