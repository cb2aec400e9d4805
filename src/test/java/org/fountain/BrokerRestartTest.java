package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fountain.accounts.Accounts;
import org.fountain.delivery.MatchSummary;
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
 * No loss and no duplicates across a broker restart: N messages (good alerts and undecodable ones) are published while
 * the broker is shut down and started again in the middle of the stream; afterwards every one of them is accounted
 * for exactly once, as a committed match or a committed dead letter. This test has a broker of its own, since it
 * stops it.
 */
@DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fountain.simulator.enabled=false", "fountain.accounts.admin-password=restart-admin-password"})
class BrokerRestartTest {

    private static final String TOPIC = "ztf_20990303_programid1";
    private static final int MESSAGES = 400;
    private static final int EVERY_NTH_IS_BAD = 20;

    private static final EmbeddedServices SERVICES = startServices();

    private static EmbeddedServices startServices() {
        EmbeddedServices services = EmbeddedServices.start();
        services.kafka().addTopics(new NewTopic(TOPIC, 3, (short) 1));
        // @DirtiesContext closes the application right after this class; the services go when the JVM does
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
    void everyMessageIsAccountedForExactlyOnceAcrossABrokerRestart() throws Exception {
        accounts.register("restart-rita", "rita-password");
        Filter all = filters.create("restart-rita", FilterDraft.of("all", "objectId.startsWith('ZTF26rs')"));
        double jd = org.fountain.alerts.Sky.julianDate(System.currentTimeMillis());
        int bad = 0;
        List<Future<RecordMetadata>> sends = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SERVICES.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                120_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                120_000))) {
            int[] badSent = new int[1];
            java.util.function.IntConsumer send = i -> {
                byte[] key = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
                byte[] value;
                if (i % EVERY_NTH_IS_BAD == 7) {
                    value = ("broken message " + i).getBytes(StandardCharsets.UTF_8);
                    badSent[0]++;
                } else {
                    value = MockAlerts.containerFile(MockAlert.simple("ZTF26rs" + i, 10_000 + i, jd, i % 360, 0, 17));
                }
                sends.add(producer.send(new ProducerRecord<>(TOPIC, key, value)));
            };
            for (int i = 0; i < MESSAGES / 2; i++) {
                send.accept(i);
            }
            producer.flush();
            // once a quarter of all is matched, the broker stops; the second half is sent meanwhile, and the broker
            // starts again once the producer has taken it all or waits for the broker
            stopOnceMatching(all, MESSAGES / 4);
            Thread sender = new Thread(() -> {
                for (int i = MESSAGES / 2; i < MESSAGES; i++) {
                    send.accept(i);
                }
            });
            sender.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> sender.getState() == Thread.State.TIMED_WAITING || !sender.isAlive());
            // the second half is in the producer's hands during the outage: either all of it, none delivered, or the
            // sender waits in a send for the broker
            List<Future<RecordMetadata>> snapshot = List.copyOf(sends);
            List<Future<RecordMetadata>> duringOutage = snapshot.subList(MESSAGES / 2, snapshot.size());
            assertThat(duringOutage).noneMatch(Future::isDone);
            assertThat(sender.isAlive() || duringOutage.size() == MESSAGES / 2).isTrue();
            startAgain();
            sender.join();
            producer.flush();
            bad = badSent[0];
        }
        for (Future<RecordMetadata> send : sends) {
            send.get();
        }
        int expectedBad = bad;

        try (KafkaRecords matches = new KafkaRecords(SERVICES.kafkaBootstrapServers(), "fountain.matches");
                KafkaRecords deadLetters = new KafkaRecords(SERVICES.kafkaBootstrapServers(), "fountain.deadletters")) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        long matched = matchesOf(matches.poll(), all).size();
                        long lettered = lettersFrom(deadLetters.poll()).size();
                        assertThat(matched + lettered).isGreaterThanOrEqualTo(MESSAGES);
                    });
            // a little longer, so that a duplicate committed late would be seen too
            for (int i = 0; i < 6; i++) {
                matches.poll();
                deadLetters.poll();
            }
            List<MatchSummary> matched = matchesOf(matches.poll(), all);
            List<ConsumerRecord<byte[], byte[]>> lettered = lettersFrom(deadLetters.poll());

            Set<Long> alertIds = new HashSet<>();
            matched.forEach(m -> alertIds.add(m.alert().alertId()));
            Set<String> letterSources = new HashSet<>();
            lettered.forEach(l -> letterSources.add(KafkaRecords.header(l, "fountain.source.partition") + "@"
                    + KafkaRecords.header(l, "fountain.source.offset")));

            System.out.printf(
                    "Broker restart: %d published, %d matched, %d dead letters (%d expected bad)%n",
                    MESSAGES, matched.size(), lettered.size(), expectedBad);
            assertThat(matched).hasSize(MESSAGES - expectedBad);
            assertThat(alertIds).hasSize(MESSAGES - expectedBad);
            assertThat(lettered).hasSize(expectedBad);
            assertThat(letterSources).hasSize(expectedBad);
        }
    }

    /** Waits until the matcher is well into the stream, then stops the broker. */
    private void stopOnceMatching(Filter filter, int matchesFirst) {
        try (KafkaRecords matches = new KafkaRecords(SERVICES.kafkaBootstrapServers(), "fountain.matches")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> matchesOf(matches.poll(), filter).size() >= matchesFirst);
        }
        var broker = SERVICES.kafka().getCluster().brokers().get(0);
        System.out.println("Broker restart: stopping the broker");
        broker.shutdown();
        broker.awaitShutdown();
    }

    private void startAgain() {
        SERVICES.kafka().getCluster().brokers().get(0).startup();
        System.out.println("Broker restart: broker started again");
    }

    private List<MatchSummary> matchesOf(List<ConsumerRecord<byte[], byte[]>> records, Filter filter) {
        return records.stream()
                .flatMap(r -> KafkaRecords.matches(json, r).stream())
                .filter(m -> m.filterId() == filter.id())
                .toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> lettersFrom(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .filter(r -> TOPIC.equals(KafkaRecords.header(r, "fountain.source.topic")))
                .toList();
    }
}
