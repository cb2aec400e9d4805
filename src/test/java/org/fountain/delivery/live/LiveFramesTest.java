package org.fountain.delivery.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What one frame to a dashboard holds. */
class LiveFramesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void keepsEveryMatchInOrderAndCarriesTheCounts() {
        List<LiveSessions.Queued> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(match(i % 2 == 0 ? 7 : 8, i));
        }

        JsonNode frame = JSON.readTree(LiveSessions.frame(queued, 3, 2).bytes());

        assertThat(frame.get("missed").asLong()).isEqualTo(3);
        assertThat(frame.get("skipped").asLong()).isEqualTo(2);
        assertThat(frame.get("matches").valueStream().map(m -> m.get("n").asInt()))
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(frame.has("firehose")).isFalse();
    }

    @Test
    void sendsSamplesAndACountForAFilterWithMoreMatchesThanAFrameShows() {
        List<LiveSessions.Queued> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(match(1, i));
            if (i % 25 == 0) {
                queued.add(match(2, 1000 + i));
            }
        }

        LiveSessions.Frame sampled = LiveSessions.frame(queued, 0, 0);
        JsonNode frame = JSON.readTree(sampled.bytes());
        assertThat(sampled.shown()).isEqualTo(8);

        List<JsonNode> matches = frame.get("matches").valueStream().toList();
        assertThat(matches.stream().filter(m -> m.get("filterId").asLong() == 2))
                .extracting(m -> m.get("n").asInt())
                .containsExactly(1000, 1025, 1050, 1075);
        List<Integer> samples = matches.stream()
                .filter(m -> m.get("filterId").asLong() == 1)
                .map(m -> m.get("n").asInt())
                .toList();
        assertThat(samples).containsExactly(0, 25, 50, 75);
        assertThat(frame.get("firehose")).hasSize(1);
        JsonNode rate = frame.get("firehose").get(0);
        assertThat(rate.get("filterId").asLong()).isEqualTo(1);
        assertThat(rate.get("matches").asInt()).isEqualTo(100);
        assertThat(rate.get("shown").asInt()).isEqualTo(4);
        // a filter at the limit is listed in full
        List<LiveSessions.Queued> atLimit = new ArrayList<>();
        for (int i = 0; i < LiveSessions.FIREHOSE; i++) {
            atLimit.add(match(3, i));
        }
        assertThat(JSON.readTree(LiveSessions.frame(atLimit, 0, 0).bytes()).get("matches"))
                .hasSize(LiveSessions.FIREHOSE);
    }

    @Test
    void listsAtMostMaxPerFrameAndCountsTheRestAsMissed() {
        List<LiveSessions.Queued> many = new ArrayList<>();
        for (int i = 0; i < LiveSessions.MAX_PER_FRAME + 30; i++) {
            many.add(match(100 + i, i)); // each of its own filter: none is sampled
        }

        LiveSessions.Frame frame = LiveSessions.frame(many, 2, 0);
        JsonNode json = JSON.readTree(frame.bytes());

        assertThat(frame.shown()).isEqualTo(LiveSessions.MAX_PER_FRAME);
        assertThat(frame.cut()).isEqualTo(30);
        assertThat(json.get("matches")).hasSize(LiveSessions.MAX_PER_FRAME);
        assertThat(json.get("matches").get(0).get("n").asInt()).isZero();
        assertThat(json.get("missed").asLong()).isEqualTo(32);
    }

    private static LiveSessions.Queued match(long filterId, int n) {
        return new LiveSessions.Queued(
                filterId, ("{\"filterId\":" + filterId + ",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }
}
