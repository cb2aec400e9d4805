package org.fountain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cadences: bursts arrive as groups separated by the interval; a pause stops the stream; a limit ends it. */
class MockStreamLoopTest {

    private static final class CountingSource implements MessageSource {
        @Override
        public MockMessage next(double jd) {
            return new MockMessage("t", new byte[0], new byte[0]);
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    /** Time that passes only when the loop sleeps; {@code onSleep} hears each sleep's length before it. */
    private static final class VirtualTime implements MockStreamLoop.Pacer {
        long now;
        java.util.function.LongConsumer onSleep = nanos -> {};

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadline) {
            onSleep.accept(deadline - now);
            now = Math.max(now, deadline);
        }
    }

    private static final long MS = 1_000_000L;

    @Test
    void publishesBurstsOfTheConfiguredSizeSeparatedByTheInterval() {
        VirtualTime time = new VirtualTime();
        List<Long> sentAt = new ArrayList<>();
        MockStreamLoop loop = new MockStreamLoop(
                new CountingSource(),
                m -> sentAt.add(time.now),
                new MockStreamLoop.Settings(SimulatorProperties.Cadence.BURSTS, 1, 40, Duration.ofMillis(400), false),
                120,
                Clock.systemUTC(),
                time);
        loop.run();

        assertThat(loop.finished()).isTrue();
        assertThat(sentAt).hasSize(120);
        // three bursts of 40, each sent at once, 400 ms apart
        for (int i = 0; i < 120; i++) {
            assertThat(sentAt.get(i)).as("message %d", i).isEqualTo(i / 40 * 400 * MS);
        }
    }

    @Test
    void publishesSteadilyAtTheRateStopsWhilePausedAndResumes() {
        VirtualTime time = new VirtualTime();
        List<Long> sentAt = new ArrayList<>();
        MockStreamLoop.Settings steady =
                new MockStreamLoop.Settings(SimulatorProperties.Cadence.STEADY, 500, 1, Duration.ofSeconds(1), false);
        MockStreamLoop.Settings paused =
                new MockStreamLoop.Settings(SimulatorProperties.Cadence.STEADY, 500, 1, Duration.ofSeconds(1), true);
        AtomicReference<MockStreamLoop> loop = new AtomicReference<>();
        int[] naps = new int[1];
        time.onSleep = nanos -> {
            if (nanos == 250 * MS && loop.get().settings().paused() && ++naps[0] == 4) {
                loop.get().change(steady); // paused for four naps of 250 ms
            }
        };
        loop.set(new MockStreamLoop(
                new CountingSource(),
                m -> {
                    sentAt.add(time.now);
                    if (sentAt.size() == 20) {
                        loop.get().change(paused);
                    }
                },
                steady,
                40,
                Clock.systemUTC(),
                time));
        loop.get().run();

        assertThat(loop.get().published()).isEqualTo(40);
        for (int i = 0; i < 20; i++) {
            assertThat(sentAt.get(i)).as("message %d", i).isEqualTo(i * 2 * MS); // 500 a second
        }
        // nothing while paused (from the 20th message's slot, 40 ms, for four naps of 250 ms), then 2 ms apart again
        long resumed = sentAt.get(20);
        assertThat(resumed).isEqualTo(40 * MS + 4 * 250 * MS);
        for (int i = 20; i < 40; i++) {
            assertThat(sentAt.get(i)).as("message %d", i).isEqualTo(resumed + (i - 20) * 2 * MS);
        }
    }

    @Test
    void refusesSettingsOutOfRange() {
        assertThatThrownBy(() -> new MockStreamLoop.Settings(
                        SimulatorProperties.Cadence.STEADY, 0, 1, Duration.ofSeconds(1), false))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> new MockStreamLoop.Settings(
                        SimulatorProperties.Cadence.BURSTS, 1, 0, Duration.ofSeconds(1), false))
                .hasMessageContaining("burst");
    }

    @Test
    void readsTheTestbedCommandLine() {
        SimulatorProperties properties = Testbed.properties(Testbed.parse(
                new String[] {"--bursts", "10000", "--every", "40", "--seed", "7", "--surveys", "lsst", "--no-cutouts"
                }));

        assertThat(properties.cadence()).isEqualTo(SimulatorProperties.Cadence.BURSTS);
        assertThat(properties.burstSize()).isEqualTo(10_000);
        assertThat(properties.burstInterval()).isEqualTo(Duration.ofSeconds(40));
        assertThat(properties.seed()).isEqualTo(7);
        assertThat(properties.surveys()).containsExactly("lsst");
        assertThat(properties.cutouts()).isFalse();
    }

    @Test
    void namesZtfTopicsAfterTheUtcNight() {
        assertThat(Topics.ztf("ztf", 2461370.75)).isEqualTo("ztf_20261126_programid1");
    }
}
