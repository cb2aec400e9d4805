package org.fountain.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The mock stream on its own, pointed at any Kafka cluster: no portal, no database.
 *
 * <pre>
 * ./mvnw -q compile exec:java -Dexec.mainClass=org.fountain.simulator.Testbed \
 *     -Dexec.args="--bootstrap-servers localhost:9092 --rate 50"
 * </pre>
 *
 * Options: {@code --bootstrap-servers}, {@code --rate N}, {@code --bursts SIZE --every SECONDS}, {@code --seed N},
 * {@code --surveys ztf,lsst}, {@code --lsst-share F}, {@code --objects N}, {@code --no-cutouts}, {@code --replay DIR},
 * {@code --no-rewrite}, {@code --replay-schemas DIR}, {@code --topic-prefix P}, {@code --lsst-topic T},
 * {@code --partitions N}, {@code --count N} (stop after N alerts).
 */
public final class Testbed {

    private Testbed() {}

    public static void main(String[] args) throws Exception {
        quietKafkaLogs();
        Map<String, String> options = parse(args);
        if (options.containsKey("help")) {
            System.out.println(usage());
            return;
        }
        String servers = options.getOrDefault("bootstrap-servers", "localhost:9092");
        SimulatorProperties properties = properties(options);
        long count = Long.parseLong(options.getOrDefault("count", "0"));
        MessageSource source =
                properties.replay().active() ? new ReplaySource(properties) : new SyntheticSource(properties);

        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10_485_760);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fountain-testbed");
        Set<String> topics = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            MockStreamLoop loop = new MockStreamLoop(
                    source,
                    message -> {
                        if (topics.add(message.topic())) {
                            createTopic(admin, message.topic(), properties.partitions());
                        }
                        producer.send(new ProducerRecord<>(message.topic(), message.key(), message.value()));
                    },
                    MockStreamLoop.Settings.of(properties),
                    count);
            System.out.printf("Fountain testbed: %s to %s%n", source.describe(), servers);
            Thread thread = loop.start("testbed");
            Runtime.getRuntime().addShutdownHook(new Thread(loop::stop));
            long started = System.nanoTime();
            long last = 0;
            while (thread.isAlive()) {
                thread.join(5000);
                long now = loop.published();
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(
                        "published %,d alerts (%.1f/s over the last 5 s, %.1f/s overall, %d failed)%n",
                        now, (now - last) / 5.0, now / seconds, loop.failed());
                last = now;
            }
            producer.flush();
        }
    }

    /**
     * The testbed's synthetic messages without a broker, as the command line would publish them (same options; the
     * cadence is ignored): for benchmarks and property tests that decode and match real-shaped packets.
     *
     * @param jd the detection time of every alert, Julian Date
     */
    public static Supplier<MockMessage> messages(double jd, String... args) {
        MessageSource source = new SyntheticSource(properties(parse(args)));
        return () -> source.next(jd);
    }

    /** Outside Spring Boot, logback logs everything at DEBUG: keep the Kafka client to warnings. */
    private static void quietKafkaLogs() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static void createTopic(Admin admin, String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                System.err.println("could not create topic " + topic + ": " + e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Options renamed to the settings they set; the rest of the settings keep their defaults. */
    private static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("rate", "rate"),
            Map.entry("bursts", "burst-size"),
            Map.entry("surveys", "surveys"),
            Map.entry("lsst-share", "lsst-share"),
            Map.entry("topic-prefix", "topic-prefix"),
            Map.entry("lsst-topic", "lsst-topic"),
            Map.entry("partitions", "partitions"),
            Map.entry("objects", "objects"),
            Map.entry("seed", "seed"),
            Map.entry("replay", "replay.folder"),
            Map.entry("replay-schemas", "replay.schema-directory"));

    /** The testbed publishes faster than the portal's own mock stream by default: a load to look at. */
    private static final String TESTBED_RATE = "10";

    /**
     * The simulator's settings from the options, bound as {@code fountain.simulator} is in the portal: every default
     * is the one of {@link SimulatorProperties}.
     */
    static SimulatorProperties properties(Map<String, String> o) {
        Map<String, String> settings = new HashMap<>();
        settings.put("enabled", "true");
        settings.put("rate", TESTBED_RATE);
        o.forEach((option, value) -> {
            String setting = SETTINGS.get(option);
            if (setting != null) {
                settings.put(setting, value);
            }
        });
        if (o.containsKey("bursts")) {
            settings.put("cadence", "bursts");
        }
        if (o.containsKey("every")) {
            settings.put("burst-interval", o.get("every") + "s");
        }
        if (o.containsKey("no-cutouts")) {
            settings.put("cutouts", "false");
        }
        if (o.containsKey("no-rewrite")) {
            settings.put("replay.rewrite", "false");
        }
        Map<String, String> prefixed = new HashMap<>();
        settings.forEach((key, value) -> prefixed.put("fountain.simulator." + key, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("fountain.simulator", SimulatorProperties.class);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "\n" + usage());
            }
            String name = args[i].substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                options.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }

    private static String usage() {
        return """
                usage: Testbed [--bootstrap-servers HOST:PORT] [--rate N | --bursts SIZE --every SECONDS] [--seed N]
                               [--surveys ztf,lsst] [--lsst-share F] [--objects N] [--no-cutouts]
                               [--replay DIR [--no-rewrite] [--replay-schemas DIR]]
                               [--topic-prefix P] [--lsst-topic T] [--partitions N] [--count N]""";
    }
}
