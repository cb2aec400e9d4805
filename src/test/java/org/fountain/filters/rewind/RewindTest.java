package org.fountain.filters.rewind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.fountain.FountainIntegrationTest;
import org.fountain.alerts.AlertDecoder;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.ReplaySink;
import org.fountain.filters.language.FilterLanguages;
import org.fountain.filters.rewind.Rewind.State;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** "Test on the last N hours" over the real broker's retained alerts, and the limits on rewinds and replays. */
class RewindTest extends FountainIntegrationTest {

    @Autowired
    Rewinds rewinds;

    @Autowired
    FilterLanguages languages;

    @Autowired
    AlertDecoder decoder;

    @Autowired
    KafkaProperties kafka;

    @Autowired
    org.fountain.accounts.Accounts accounts;

    @Autowired
    org.fountain.filters.Filters filters;

    /** Rewinds run only when the test says so. */
    private final List<Runnable> queued = new ArrayList<>();

    private static boolean published;

    @BeforeEach
    void twentyAlertsInTheWindow() {
        if (!published) {
            for (int i = 0; i < 20; i++) {
                publish(MockAlert.simple("ZTF26rl" + (char) ('a' + i), 85_000 + i, jdNow(), 40 + i, -12, 16));
            }
            published = true;
        }
    }

    private Rewinds rewindsWith(RewindProperties limits, Executor executor, ReplaySink sink) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(sink == null ? Map.of() : Map.of("sink", sink));
        return new Rewinds(
                languages,
                decoder,
                new RetainedAlerts(kafka),
                limits,
                beans.getBeanProvider(ReplaySink.class),
                executor,
                Clock.systemUTC());
    }

    private static RewindProperties limits(int maxAlerts, Duration maxDuration, int concurrency, int maxWaiting) {
        return new RewindProperties(
                maxAlerts,
                maxDuration,
                168,
                concurrency,
                Duration.ofMinutes(10),
                maxWaiting,
                Duration.ofMinutes(5),
                24);
    }

    private void runQueued() {
        List<Runnable> now = List.copyOf(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void findsWhatAnUnsavedExpressionWouldHaveCaught() {
        double jd = jdNow();
        int bright = 0;
        for (int i = 0; i < 40; i++) {
            double mag = 13.0 + (i % 5);
            bright += mag < 15.0 ? 1 : 0;
            publish(MockAlert.simple("ZTF26rw" + (char) ('a' + i % 26) + i, 80_000 + i, jd, 30 + i, -10, mag));
        }
        publishRaw("an undecodable message in the window".getBytes());

        Rewind started =
                rewinds.start("rewind-rosa", "ztf", "objectId.startsWith('ZTF26rw') && candidate.magpsf < 15.0", 1);
        assertThat(started.state()).isEqualTo(State.RUNNING);
        int expected = bright;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rewinds.find(started.id(), "rewind-rosa").state() != State.RUNNING);

        Rewind done = rewinds.find(started.id(), "rewind-rosa");
        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.stoppedBy()).isNull();
        assertThat(done.matched()).isEqualTo(expected);
        assertThat(done.scanned()).isGreaterThanOrEqualTo(41).isEqualTo(done.total());
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.undecodable()).isGreaterThanOrEqualTo(1);
        assertThat(done.firstMatches())
                .hasSize(expected)
                .allSatisfy(m -> assertThat(m.magnitude()).isLessThan(15.0));
        assertThat(done.perHour().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(expected);
        assertThat(done.matchesPerHour()).isEqualTo(expected);
    }

    @Test
    void refusesAnInvalidExpressionOrWindowBeforeStarting() {
        assertThatThrownBy(() -> rewinds.start("rewind-rosa", "ztf", "candidate.magpfs < 15.0", 1))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("did you mean magpsf");
        assertThatThrownBy(() -> rewinds.start("rewind-rosa", "ztf", "true", 0))
                .isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> rewinds.start("rewind-rosa", "ztf", "true", 169))
                .isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void showsAndCancelsARewindOnlyForWhoStartedItAndACancelledOneEndsCancelledHavingScannedNothing() {
        Rewinds local = rewindsWith(limits(200_000, Duration.ofMinutes(1), 2, 8), queued::add, null);
        Rewind started = local.start("rewind-rosa", "ztf", "candidate.magpsf < 30.0", 1);
        assertThatThrownBy(() -> local.find(started.id(), "someone-else")).isInstanceOf(RewindNotFoundException.class);
        assertThatThrownBy(() -> local.cancel(started.id(), "someone-else"))
                .isInstanceOf(RewindNotFoundException.class);

        assertThat(local.cancel(started.id(), "rewind-rosa").state()).isEqualTo(State.RUNNING);
        runQueued();

        Rewind cancelled = local.find(started.id(), "rewind-rosa");
        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.scanned()).isZero();
        assertThat(cancelled.finishedAt()).isNotNull();
        // an ended rewind stays as it ended
        assertThat(local.cancel(started.id(), "rewind-rosa").state()).isEqualTo(State.CANCELLED);
    }

    @Test
    void aReplayCancelledWhileReadingEndsCancelledAndFeedsNothingMore() {
        accounts.register("rewind-cara", "cara-password");
        Filter filter = filters.create("rewind-cara", FilterDraft.of("Everything", "candidate.magpsf < 30.0"));
        AtomicInteger batches = new AtomicInteger();
        AtomicReference<Rewinds> local = new AtomicReference<>();
        AtomicReference<String> id = new AtomicReference<>();
        ReplaySink cancelsAtTheFirstBatch = (f, matches) -> {
            batches.incrementAndGet();
            local.get().cancel(id.get(), "rewind-cara");
        };
        local.set(rewindsWith(limits(200_000, Duration.ofMinutes(1), 2, 8), queued::add, cancelsAtTheFirstBatch));
        id.set(local.get().replay("rewind-cara", filter, 1).id());
        runQueued();

        Rewind cancelled = local.get().find(id.get(), "rewind-cara");
        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.matched()).isPositive();
        assertThat(batches).hasValue(1);
    }

    @Test
    void oneRewindPerUserAndNoMoreThanTheInstanceRunsAndQueues() {
        Rewinds local = rewindsWith(limits(200_000, Duration.ofMinutes(1), 1, 1), queued::add, null);
        local.start("rewind-una", "ztf", "true", 1);
        assertThatThrownBy(() -> local.start("rewind-una", "ztf", "true", 1))
                .isInstanceOfSatisfying(
                        RewindBusyException.class,
                        e -> assertThat(e.retryAfterSeconds()).isPositive())
                .hasMessageContaining("you already have a rewind running");
        local.start("rewind-dos", "ztf", "true", 1); // waits for the one thread
        assertThatThrownBy(() -> local.start("rewind-tres", "ztf", "true", 1))
                .isInstanceOf(RewindBusyException.class)
                .hasMessageContaining("the portal is running 2 rewinds");

        runQueued();
        assertThat(local.start("rewind-tres", "ztf", "true", 1).state()).isEqualTo(State.RUNNING);
        assertThat(local.start("rewind-una", "ztf", "true", 1).state()).isEqualTo(State.RUNNING);
    }

    @Test
    void stopsAfterMaxAlertsHavingScannedExactlyThatMany() {
        Rewinds local = rewindsWith(limits(5, Duration.ofMinutes(1), 1, 0), Runnable::run, null);
        Rewind started = local.start("rewind-max", "ztf", "candidate.magpsf < 30.0", 1);

        Rewind done = local.find(started.id(), "rewind-max");
        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.stoppedBy()).isEqualTo(Rewind.StoppedBy.MAX_ALERTS);
        assertThat(done.scanned()).isEqualTo(5);
        assertThat(done.total()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void stopsAfterMaxDuration() {
        Rewinds local = rewindsWith(limits(200_000, Duration.ZERO, 1, 0), Runnable::run, null);
        Rewind started = local.start("rewind-dur", "ztf", "candidate.magpsf < 30.0", 1);

        Rewind done = local.find(started.id(), "rewind-dur");
        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.stoppedBy()).isEqualTo(Rewind.StoppedBy.MAX_DURATION);
        assertThat(done.scanned()).isZero();
        assertThat(done.total()).isGreaterThanOrEqualTo(20);
    }
}
