package org.fountain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the load harnesses share: options, the embedded services with survey topics, a fast producer. */
public final class LoadHarness {

    private LoadHarness() {}

    /** {@code --name value} pairs. */
    public static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /**
     * Embedded Kafka and PostgreSQL with the given survey topics (two partitions each), their settings made system
     * properties for the portal that the harness then starts, and the log kept quiet.
     */
    public static EmbeddedServices services(List<String> topics) throws Exception {
        System.setProperty("logging.config", "classpath:logback-test.xml");
        EmbeddedServices services = EmbeddedServices.start();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafkaBootstrapServers()))) {
            admin.createTopics(topics.stream()
                            .map(t -> new NewTopic(t, 2, (short) 1))
                            .toList())
                    .all()
                    .get();
        }
        services.springProperties().forEach(System::setProperty);
        return services;
    }

    /** A producer that batches, for publishing testbed alerts quickly. */
    public static KafkaProducer<byte[], byte[]> producer(String servers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                1 << 20,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                10_485_760,
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                256L << 20));
    }

    /** The value at quantile q of sorted values; NaN when there are none. */
    public static double percentile(double[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
