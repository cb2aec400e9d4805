package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.fountain.accounts.Accounts;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.FilterHealth;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * However slow matching gets, offsets keep advancing: with filters that cost milliseconds per alert and a batch time
 * budget of 50 ms, every batch commits the records it matched and leaves the rest for the next transaction; each
 * alert is matched exactly once. (Its own consumer group: other test contexts read the same topic for themselves.)
 */
@TestPropertySource(
        properties = {"fountain.ingest.group-id=fountain-match-costly", "fountain.ingest.batch-time-budget=50ms"})
class CostlyFiltersTest extends FountainIntegrationTest {

    private static final int ALERTS = 100;

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    MeterRegistry meters;

    @Test
    void aSlowBatchCommitsWhatItMatchedAndTheRestFollows() throws Exception {
        accounts.register("costly-carl", "costly-password");
        for (int i = 0; i < 12; i++) {
            filters.create(
                    "costly-carl",
                    FilterDraft.of(
                            "costly " + i,
                            "prv_candidates.all(p, prv_candidates.all(q, p.jd - q.jd < " + (100 + i)
                                    + ".0 || q.magpsf == null || p.diffmaglim > 0.0))"));
        }
        Filter cheap = filters.create("costly-carl", FilterDraft.of("cheap", "objectId.startsWith('ZTF26cost')"));
        double partialBefore = partialBatches();

        double jd = jdNow();
        for (int i = 0; i < ALERTS; i++) {
            List<MockAlert.PastPoint> history = new ArrayList<>();
            for (int h = 0; h < 30; h++) {
                history.add(new MockAlert.PastPoint(jd - 30 + h, 1 + h % 2, (long) h, 20.0, 18.0 + h * 0.01, 0.05));
            }
            publish(MockAlert.withHistory(
                    String.format("ZTF26cost%03d", i), 700_000 + i, jd, 40.0, 10.0, 18.0, history));
        }

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(committed()).isEqualTo(endOffset()));
        FilterHealth health = filters.healthOf(List.of(cheap)).get(cheap.id());
        assertThat(health.matches()).isEqualTo(ALERTS);
        assertThat(partialBatches() - partialBefore).isGreaterThan(0);
    }

    private double partialBatches() {
        Counter counter = meters.find("fountain.ingest.partial.batches").counter();
        return counter == null ? 0 : counter.count();
    }

    private long committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("fountain-match-costly")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(new TopicPartition(SURVEY_TOPIC, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    private long endOffset() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            TopicPartition partition = new TopicPartition(SURVEY_TOPIC, 0);
            return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .all()
                    .get()
                    .get(partition)
                    .offset();
        }
    }
}
