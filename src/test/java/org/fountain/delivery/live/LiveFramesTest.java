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
        List<LiveFrames.Queued> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(match(i % 2 == 0 ? 7 : 8, i));
        }

        JsonNode frame = JSON.readTree(LiveFrames.frame(queued, List.of(), 3, 2).bytes());

        assertThat(frame.get("missed").asLong()).isEqualTo(3);
        assertThat(frame.get("skipped").asLong()).isEqualTo(2);
        assertThat(frame.get("matches").valueStream().map(m -> m.get("n").asInt()))
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(frame.has("firehose")).isFalse();
    }

    @Test
    void carriesTheCountsOfFirehosesBesideTheirSamples() {
        List<LiveFrames.Queued> queued = List.of(match(1, 0), match(2, 1000), match(2, 1001));
        List<LiveFrames.Rate> rates = List.of(new LiveFrames.Rate(1, 240, 1), new LiveFrames.Rate(5, 30, 0));

        LiveFrames.Frame sampled = LiveFrames.frame(queued, rates, 0, 0);
        JsonNode frame = JSON.readTree(sampled.bytes());

        assertThat(sampled.shown()).isEqualTo(3);
        assertThat(sampled.counted()).isEqualTo(239 + 30);
        assertThat(frame.get("matches").valueStream().map(m -> m.get("n").asInt()))
                .containsExactly(0, 1000, 1001);
        assertThat(frame.get("firehose")).hasSize(2);
        JsonNode rate = frame.get("firehose").get(0);
        assertThat(rate.get("filterId").asLong()).isEqualTo(1);
        assertThat(rate.get("matches").asInt()).isEqualTo(240);
        assertThat(rate.get("shown").asInt()).isEqualTo(1);
        assertThat(frame.get("firehose").get(1).get("filterId").asLong()).isEqualTo(5);
    }

    @Test
    void listsAtMostMaxPerFrameAndCountsTheRestAsMissed() {
        List<LiveFrames.Queued> many = new ArrayList<>();
        for (int i = 0; i < LiveFrames.MAX_PER_FRAME + 30; i++) {
            many.add(match(100 + i, i)); // each of its own filter
        }

        LiveFrames.Frame frame = LiveFrames.frame(many, List.of(), 2, 0);
        JsonNode json = JSON.readTree(frame.bytes());

        assertThat(frame.shown()).isEqualTo(LiveFrames.MAX_PER_FRAME);
        assertThat(frame.cut()).isEqualTo(30);
        assertThat(json.get("matches")).hasSize(LiveFrames.MAX_PER_FRAME);
        assertThat(json.get("matches").get(0).get("n").asInt()).isZero();
        assertThat(json.get("missed").asLong()).isEqualTo(32);
    }

    private static LiveFrames.Queued match(long filterId, int n) {
        return new LiveFrames.Queued(
                filterId, ("{\"filterId\":" + filterId + ",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }
}
