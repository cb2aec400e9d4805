package org.fountain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    @Test
    void publishesBurstsOfTheConfiguredSizeSeparatedByTheInterval() {
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        MockStreamLoop loop = new MockStreamLoop(
                new CountingSource(),
                m -> sentAt.add(System.nanoTime()),
                new MockStreamLoop.Settings(SimulatorProperties.Cadence.BURSTS, 1, 40, Duration.ofMillis(400), false),
                120);
        loop.start("test-bursts");
        await().atMost(Duration.ofSeconds(10)).until(loop::finished);

        assertThat(sentAt).hasSize(120);
        // three bursts of 40: the gaps between bursts are long, the gaps within a burst short
        for (int burst = 1; burst < 3; burst++) {
            long gap = sentAt.get(burst * 40) - sentAt.get(burst * 40 - 1);
            assertThat(Duration.ofNanos(gap)).isGreaterThan(Duration.ofMillis(200));
        }
        long firstBurst = sentAt.get(39) - sentAt.get(0);
        assertThat(Duration.ofNanos(firstBurst)).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void stopsPublishingWhilePausedAndResumes() throws Exception {
        MockStreamLoop loop = new MockStreamLoop(
                new CountingSource(),
                m -> {},
                new MockStreamLoop.Settings(SimulatorProperties.Cadence.STEADY, 500, 1, Duration.ofSeconds(1), false),
                0);
        loop.start("test-pause");
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.published() > 20);
        loop.change(
                new MockStreamLoop.Settings(SimulatorProperties.Cadence.STEADY, 500, 1, Duration.ofSeconds(1), true));
        Thread.sleep(300);
        long paused = loop.published();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> loop.published() == paused);
        loop.change(
                new MockStreamLoop.Settings(SimulatorProperties.Cadence.STEADY, 500, 1, Duration.ofSeconds(1), false));
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.published() > paused + 20);
        loop.stop();
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
