package org.fountain.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.fountain.EmbeddedServices;
import org.fountain.FountainApplication;
import org.fountain.LoadHarness;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.AlertMatches;
import org.fountain.simulator.MockMessage;
import org.fountain.simulator.Testbed;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive's write rate through the real parts (embedded Kafka and PostgreSQL, the portal): testbed alerts are
 * published to a survey topic, then match records naming them (each alert matched by {@code --filters} filters) to the
 * matches topic while the archive is stopped; the archive is started and timed until its consumer group has committed
 * every record. Prints matches and alerts per second and the archive's size. Ingest stays stopped throughout, so only
 * these records are archived. Run:
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.fountain.archive.ArchiveLoad \
 *     -Dexec.args="--alerts 20000 --filters 5"
 * </pre>
 *
 * Add {@code --cutouts false} for packets without images, {@code --packets false} to keep matches only; an option
 * naming a setting ({@code --fountain.archive.concurrency 1}) is passed to the portal.
 */
public final class ArchiveLoad {

    private static final String SURVEY = "ztf_20990401_programid1";

    private ArchiveLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadHarness.options(args);
        int alerts = Integer.parseInt(options.getOrDefault("alerts", "20000"));
        int perAlert = Integer.parseInt(options.getOrDefault("filters", "5"));
        boolean cutouts = Boolean.parseBoolean(options.getOrDefault("cutouts", "true"));
        boolean packets = Boolean.parseBoolean(options.getOrDefault("packets", "true"));

        EmbeddedServices services = LoadHarness.services(List.of(SURVEY));
        String kafka = services.kafkaBootstrapServers();
        List<String> portal = new ArrayList<>(List.of(
                "--server.port=0",
                "--fountain.simulator.enabled=false",
                "--fountain.accounts.admin-password=load-admin-password",
                "--fountain.archive.keep-packets=" + packets));
        // any option naming a setting (--fountain.archive.concurrency 1) is the portal's
        options.forEach((name, value) -> {
            if (name.contains(".")) {
                portal.add("--" + name + "=" + value);
            }
        });
        ConfigurableApplicationContext context =
                new SpringApplication(FountainApplication.class).run(portal.toArray(String[]::new));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
                KafkaProducer<byte[], byte[]> producer = LoadHarness.producer(kafka)) {
            KafkaListenerEndpointRegistry listeners = context.getBean(KafkaListenerEndpointRegistry.class);
            listeners.getListenerContainer("ingest").stop();
            MessageListenerContainer archive = listeners.getListenerContainer(ArchiveWriter.LISTENER_ID);
            archive.stop();
            JsonMapper json = context.getBean(JsonMapper.class);

            List<String> args2 = new ArrayList<>(List.of("--surveys", "ztf", "--objects", "5000", "--seed", "5"));
            if (!cutouts) {
                args2.add("--no-cutouts");
            }
            Supplier<MockMessage> messages = Testbed.messages(
                    org.fountain.alerts.Sky.julianDate(System.currentTimeMillis()), args2.toArray(String[]::new));
            long bytes = 0;
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>(alerts);
            for (int i = 0; i < alerts; i++) {
                MockMessage message = messages.get();
                bytes += message.value().length;
                sent.add(producer.send(new ProducerRecord<>(SURVEY, message.key(), message.value())));
            }
            producer.flush();
            long now = System.currentTimeMillis();
            for (int i = 0; i < alerts; i++) {
                RecordMetadata where = sent.get(i).get();
                long[] filters = new long[perAlert];
                for (int f = 0; f < perAlert; f++) {
                    filters[f] = 1 + (i + f) % 1000;
                }
                AlertMatches matches = new AlertMatches(
                        new AlertSummary(
                                "ztf",
                                1_000_000L + i,
                                "ZTF26load" + i,
                                61_000.5,
                                i % 360,
                                10,
                                18.5,
                                "g",
                                where.topic(),
                                where.partition(),
                                where.offset()),
                        now,
                        filters,
                        false);
                producer.send(new ProducerRecord<>(
                        "fountain.matches", Long.toString(i).getBytes(), json.writeValueAsBytes(matches)));
            }
            producer.flush();
            long end = endOffsets(admin);
            System.out.printf(
                    "Fountain archive load: %,d alerts (%,d KB each on average%s), each matched by %d filters:"
                            + " %,d matches; packets %s%n",
                    alerts,
                    bytes / alerts / 1024,
                    cutouts ? ", with cutouts" : ", no cutouts",
                    perAlert,
                    (long) alerts * perAlert,
                    packets ? "kept" : "not kept");

            long start = System.nanoTime();
            archive.start();
            while (committed(admin) < end) {
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Long rows = jdbc.queryForObject("select count(*) from archived_matches", Long.class);
            Long kept =
                    jdbc.queryForObject("select count(*) from archived_alerts where packet is not null", Long.class);
            Long size = jdbc.queryForObject(
                    "select sum(pg_total_relation_size(c.oid)) from pg_inherits i join pg_class c on c.oid ="
                            + " i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname in"
                            + " ('archived_matches', 'archived_alerts')",
                    Long.class);
            System.out.printf(
                    "archived in %.1f s: %,.0f matches/s, %,.0f alerts/s; %,d rows, %,d packets kept, %,d MB on disk%n",
                    seconds, rows / seconds, alerts / seconds, rows, kept, size >> 20);
        } finally {
            context.close();
            System.exit(0);
        }
    }

    private static long endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < 3; p++) {
            latest.put(new TopicPartition("fountain.matches", p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream()
                .mapToLong(o -> o.offset())
                .sum();
    }

    private static long committed(Admin admin) throws Exception {
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets("fountain-archive")
                .partitionsToOffsetAndMetadata()
                .get()
                .entrySet()) {
            if (e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }
}
