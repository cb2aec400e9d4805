package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.fountain.accounts.Accounts;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.DecoderFuzzTest;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.TestStreams;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.filters.Visibility;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A thousand mutated packets through the real listener: each is decoded or dead-lettered with the reason a decoder of
 * its own gives it, the committed offsets move past them all, and an alert published after them is matched.
 */
class IngestFuzzTest extends FountainIntegrationTest {

    private static final int MUTANTS = 1_000;

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    JsonMapper json;

    @Test
    void everyMutantIsDecodedOrDeadLetteredAndIngestGoesOn() throws Exception {
        accounts.register("fuzz-fay", "fay-password");
        Filter after = filters.create(
                "fuzz-fay",
                new FilterDraft(
                        "After the fuzz", "", "objectId == 'ZTF26fuzzend'", "ztf", Visibility.PRIVATE, true, false));
        AlertDecoder oracle = TestStreams.decoder(TestStreams.ztf());
        List<byte[]> seeds = DecoderFuzzTest.seeds();
        SplittableRandom random = new SplittableRandom(27112026L);

        long first = endOffset(SURVEY_TOPIC);
        Map<Long, String> refused = new HashMap<>();
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = DecoderFuzzTest.mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                oracle.decode(new SourceCoordinates(SURVEY_TOPIC, 0, first + i), mutant);
            } catch (UndecodableAlertException e) {
                refused.put(first + i, e.reason());
            }
            publishRaw(mutant);
        }
        assertThat(endOffset(SURVEY_TOPIC)).isEqualTo(first + MUTANTS);
        publish(MockAlert.simple("ZTF26fuzzend", 93_000, jdNow(), 33, 3, 17));
        System.out.printf("ingest fuzz: %,d mutants, %,d refused by the decoder%n", MUTANTS, refused.size());
        assertThat(refused).hasSizeBetween(MUTANTS / 4, MUTANTS - 50);

        try (KafkaRecords deadLetters = new KafkaRecords(bootstrapServers(), "fountain.deadletters");
                KafkaRecords matches = new KafkaRecords(bootstrapServers(), "fountain.matches")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<Long, String> lettered = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> letter : deadLetters.poll()) {
                    long offset = Long.parseLong(KafkaRecords.header(letter, "fountain.source.offset"));
                    if (SURVEY_TOPIC.equals(KafkaRecords.header(letter, "fountain.source.topic"))
                            && offset >= first
                            && offset < first + MUTANTS) {
                        lettered.put(offset, KafkaRecords.header(letter, "fountain.reason"));
                    }
                }
                assertThat(lettered).isEqualTo(refused);
            });
            await().atMost(SECONDS_20)
                    .untilAsserted(() -> assertThat(matches.poll().stream()
                                    .flatMap(r -> KafkaRecords.matches(json, r).stream())
                                    .filter(m -> m.filterId() == after.id())
                                    .map(m -> m.alert().objectId()))
                            .containsExactly("ZTF26fuzzend"));
        }
        await().atMost(SECONDS_20).until(() -> committed() >= first + MUTANTS + 1);
    }

    private static long committed() {
        return SERVICES.kafka().doWithAdminFunction(admin -> {
            try {
                var offset = admin.listConsumerGroupOffsets("fountain-match")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(new TopicPartition(SURVEY_TOPIC, 0));
                return offset == null ? -1L : offset.offset();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
