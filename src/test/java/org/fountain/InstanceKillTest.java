package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.fountain.accounts.Accounts;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances share the matching; one is killed (SIGKILL, in a process of its own) in the middle of the stream.
 * The other takes its partitions over, the broker aborts the dead one's open transaction, and every alert is matched
 * exactly once in the committed matches: none lost, none twice.
 */
@DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fountain.simulator.enabled=false", "fountain.accounts.admin-password=kill-admin-password"})
class InstanceKillTest {

    private static final String TOPIC = "ztf_20990505_programid1";
    private static final int ALERTS = 1_500;
    private static final EmbeddedServices SERVICES = startServices();

    private static EmbeddedServices startServices() {
        EmbeddedServices services = EmbeddedServices.start();
        services.kafka().addTopics(new NewTopic(TOPIC, 4, (short) 1));
        return services;
    }

    @DynamicPropertySource
    static void embeddedServices(DynamicPropertyRegistry registry) {
        SERVICES.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    JsonMapper json;

    @Test
    void everyAlertIsMatchedExactlyOnceWhenAnInstanceIsKilledMidStream() throws Exception {
        accounts.register("kill-kim", "kim-password-1");
        Filter all = filters.create("kill-kim", FilterDraft.of("Every one", "objectId.startsWith('ZTF26kill')"));
        Process child = startChild();
        try (KafkaProducer<byte[], byte[]> producer = LoadHarness.producer(SERVICES.kafkaBootstrapServers());
                KafkaRecords matches = new KafkaRecords(SERVICES.kafkaBootstrapServers(), "fountain.matches")) {
            awaitChildReady(child);
            double jd = org.fountain.alerts.Sky.julianDate(System.currentTimeMillis());
            long killedAt = 0;
            long start = System.nanoTime();
            for (int i = 0; i < ALERTS; i++) {
                String objectId = "ZTF26kill" + Integer.toString(i, 36);
                producer.send(new ProducerRecord<>(
                        TOPIC,
                        objectId.getBytes(),
                        MockAlerts.containerFile(
                                MockAlert.simple(objectId, 95_000_000L + i, jd, (i * 7) % 360, (i % 120) - 60.0, 17))));
                if (i == ALERTS / 2) {
                    producer.flush();
                    child.destroyForcibly();
                    killedAt = System.nanoTime();
                }
                if (i % 100 == 0) {
                    Thread.sleep(100); // about 1,000 alerts/s: the killed instance dies with a batch in hand
                }
            }
            producer.flush();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

            Map<Long, Long> timesMatched = Map.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                timesMatched = matches.poll().stream()
                        .flatMap(r -> KafkaRecords.matches(json, r).stream())
                        .filter(m -> m.filterId() == all.id())
                        .collect(Collectors.groupingBy(m -> m.alert().alertId(), Collectors.counting()));
                if (timesMatched.size() >= ALERTS) {
                    break;
                }
            }
            long done = System.nanoTime();
            // a little longer: a duplicate would arrive after the last first match
            Thread.sleep(2000);
            timesMatched = matches.poll().stream()
                    .flatMap(r -> KafkaRecords.matches(json, r).stream())
                    .filter(m -> m.filterId() == all.id())
                    .collect(Collectors.groupingBy(m -> m.alert().alertId(), Collectors.counting()));
            System.out.printf(
                    "instance killed after %.1f s of the stream: all %,d alerts matched %.1f s after the kill, %d"
                            + " twice%n",
                    (killedAt - start) / 1e9,
                    timesMatched.size(),
                    (done - killedAt) / 1e9,
                    timesMatched.values().stream().filter(n -> n > 1).count());
            assertThat(timesMatched).hasSize(ALERTS);
            assertThat(timesMatched.values()).allMatch(n -> n == 1);
        } finally {
            child.destroyForcibly();
        }
    }

    private static Process startChild() throws Exception {
        Path log = Files.createTempFile("fountain-child", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                ChildInstance.class.getName(),
                "--server.port=0",
                "--fountain.simulator.enabled=false",
                "--fountain.accounts.admin-password=kill-admin-password",
                "--logging.level.root=WARN"));
        SERVICES.springProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Until the child prints that it runs and has taken some of the topic's partitions. */
    private static void awaitChildReady(Process child) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (!child.isAlive()) {
                throw new IllegalStateException("the second instance died on start");
            }
            return groupMembers() == 4;
        });
    }

    /** Consumers in the matchers' group once it is stable: two per instance. */
    private static int groupMembers() {
        return SERVICES.kafka().doWithAdminFunction(admin -> {
            try {
                var group = admin.describeConsumerGroups(List.of("fountain-match"))
                        .all()
                        .get()
                        .get("fountain-match");
                return group.groupState() == org.apache.kafka.common.GroupState.STABLE
                        ? group.members().size()
                        : 0;
            } catch (Exception e) {
                return 0;
            }
        });
    }
}
