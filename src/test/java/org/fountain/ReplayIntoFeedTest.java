package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.fountain.accounts.Accounts;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.filters.rewind.Rewind;
import org.fountain.filters.rewind.Rewinds;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** A saved filter replayed from a chosen time puts what it would have matched into its feed. */
class ReplayIntoFeedTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    Rewinds rewinds;

    @Autowired
    JsonMapper json;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private double ingested() {
        var counter = meters.find("fountain.ingest.alerts").tag("stream", "ztf").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void replaysASavedFilterOverTheLastHoursIntoTheMatchesTopic() {
        double before = ingested();
        double jd = jdNow();
        for (int i = 0; i < 5; i++) {
            publish(MockAlert.simple("ZTF26replay" + (char) ('a' + i), 90_000 + i, jd, 5 + i, 5, 17));
        }
        await().atMost(SECONDS_20).until(() -> ingested() >= before + 5);
        accounts.register("replay-ron", "replay-password");
        // created after the alerts passed: the live stream never matched them
        Filter filter = filters.create("replay-ron", FilterDraft.of("Replayed", "objectId.startsWith('ZTF26replay')"));

        try (KafkaRecords matches = new KafkaRecords(bootstrapServers(), "fountain.matches")) {
            Rewind replay = rewinds.replay("replay-ron", filter, 1);
            await().atMost(SECONDS_20)
                    .until(() -> rewinds.find(replay.id(), "replay-ron").state()
                            == org.fountain.filters.rewind.Rewind.State.DONE);
            assertThat(rewinds.find(replay.id(), "replay-ron").matched()).isEqualTo(5);

            await().atMost(SECONDS_20).untilAsserted(() -> {
                List<String> replayed = matches.poll().stream()
                        .flatMap(r -> KafkaRecords.matches(json, r).stream())
                        .filter(m -> m.filterId() == filter.id())
                        .map(m -> m.alert().objectId())
                        .toList();
                assertThat(replayed)
                        .containsExactlyInAnyOrder(
                                "ZTF26replaya", "ZTF26replayb", "ZTF26replayc", "ZTF26replayd", "ZTF26replaye");
            });
        }
    }

    @Test
    void aSecondReplayWithinTheCooldownIsRefusedSayingHowLongToWait() {
        accounts.register("replay-rae", "replay-password");
        Filter filter = filters.create("replay-rae", FilterDraft.of("Replayed twice", "objectId == 'ZTF26never'"));
        Rewind first = rewinds.replay("replay-rae", filter, 1);
        await().atMost(SECONDS_20)
                .until(() -> rewinds.find(first.id(), "replay-rae").state()
                        != org.fountain.filters.rewind.Rewind.State.RUNNING);

        assertThatThrownBy(() -> rewinds.replay("replay-rae", filter, 1))
                .isInstanceOf(org.fountain.filters.rewind.RewindBusyException.class)
                .hasMessageContaining("wait")
                .hasMessageContaining("after the last one");
        // a rewind (which sends nobody anything) is not held back by it
        Rewind test = rewinds.start("replay-rae", "ztf", "objectId == 'ZTF26never'", 1);
        assertThat(test.id()).isNotEqualTo(first.id());
    }
}
