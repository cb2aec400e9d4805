package org.fountain.delivery.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which filters are listed match by match and which as a rate, interval by interval (time is given, not waited). */
class FirehoseRatesTest {

    private static final long INTERVAL = 100_000_000; // 100 ms in nanoseconds

    private final FirehoseRates rates = new FirehoseRates(20, 100, 1000);

    @Test
    void aFilterAtTheRateIsListedInFull() {
        for (int i = 0; i < 50; i++) {
            rates.advance(i * INTERVAL);
            assertThat(rates.decide(1, "ada", 2)).isEqualTo(FirehoseRates.Decision.LISTED);
        }
    }

    @Test
    void aSuddenFloodIsAFirehoseAtOnceAndReportedOnceASecond() {
        rates.advance(0);
        FirehoseRates.Decision first = rates.decide(1, "ada", 100);
        assertThat(first.firehose()).isTrue();
        assertThat(first.report()).isEqualTo(100);
        assertThat(first.sampled()).isTrue();
        List<Long> reportedAt = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            rates.advance(i * INTERVAL);
            FirehoseRates.Decision d = rates.decide(1, "ada", 100);
            assertThat(d.firehose()).isTrue();
            if (d.report() > 0) {
                reportedAt.add((long) i);
                assertThat(d.report()).isEqualTo(1000); // the ten intervals since the last report
            }
        }
        assertThat(reportedAt).containsExactly(10L, 20L, 30L);
    }

    @Test
    void everyMatchIsEitherListedOrInExactlyOneReport() {
        // a night: quiet, a rise above the rate, a fall, silence; the filter's count must come out exact
        int[] perInterval = new int[120];
        for (int i = 0; i < perInterval.length; i++) {
            perInterval[i] = i < 20 ? 1 : i < 60 ? 7 + i % 5 : i < 80 ? 1 : 0;
        }
        long total = 0;
        long accounted = 0;
        boolean wasFirehose = false;
        boolean backToListing = false;
        for (int i = 0; i < perInterval.length; i++) {
            rates.advance(i * INTERVAL);
            total += perInterval[i];
            FirehoseRates.Decision d = rates.decide(1, "ada", perInterval[i]);
            if (d.firehose()) {
                wasFirehose = true;
            } else {
                accounted += perInterval[i];
                backToListing |= wasFirehose;
            }
            accounted += d.report();
        }
        assertThat(wasFirehose).isTrue();
        assertThat(backToListing).isTrue();
        assertThat(accounted).isEqualTo(total);
        assertThat(rates.tracked()).isEmpty(); // silent for over a second: nothing kept
    }

    @Test
    void firehosesReportOnTheSameTickSoADashboardGetsOneFrameForAll() {
        List<Long> reportedTogether = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rates.advance(i * INTERVAL);
            FirehoseRates.Decision a = rates.decide(1, "ada", 30);
            FirehoseRates.Decision b = rates.decide(2, "ada", i < 5 ? 0 : 40); // a firehose from the sixth interval on
            assertThat(a.report() > 0 && i >= 5).isEqualTo(b.report() > 0 && i >= 5);
            if (b.report() > 0) {
                reportedTogether.add((long) i);
            }
        }
        assertThat(reportedTogether).containsExactly(10L, 20L, 30L);
    }

    @Test
    void aFirehoseThatFallsSilentIsReportedByTheQuietFilterRound() {
        rates.advance(0);
        rates.decide(1, "ada", 100); // reported at once
        rates.advance(INTERVAL);
        assertThat(rates.decide(1, "ada", 50).report()).isZero(); // counted, not yet due
        for (int i = 2; i < 30; i++) {
            rates.advance(i * INTERVAL);
            assertThat(rates.tracked()).containsEntry(1L, "ada");
            FirehoseRates.Decision d = rates.decide(1, "ada", 0);
            if (d.report() > 0) {
                // due at the tick (1 s) and waiting for a match to show with it, until it fell below the rate
                assertThat(d.report()).isEqualTo(50);
                assertThat(i).isEqualTo(11);
                return;
            }
        }
        throw new AssertionError("the 50 counted matches were never reported");
    }

    @Test
    void aReportDueInAnIntervalWithoutMatchesComesWithTheNextMatchAsItsSample() {
        rates.advance(0);
        assertThat(rates.decide(1, "ada", 30).report()).isEqualTo(30); // the first report
        for (int i = 1; i < 10; i++) {
            rates.advance(i * INTERVAL);
            assertThat(rates.decide(1, "ada", 30).report()).isZero();
        }
        rates.advance(10 * INTERVAL); // the tick, in an interval without a match of it
        assertThat(rates.decide(1, "ada", 0).report()).isZero();
        rates.advance(11 * INTERVAL);
        FirehoseRates.Decision next = rates.decide(1, "ada", 30);
        assertThat(next.report()).isEqualTo(10 * 30);
        assertThat(next.sampled()).isTrue();
        // and the next tick comes a second after the last, as before
        for (int i = 12; i < 20; i++) {
            rates.advance(i * INTERVAL);
            assertThat(rates.decide(1, "ada", 30).report()).isZero();
        }
        rates.advance(20 * INTERVAL);
        assertThat(rates.decide(1, "ada", 30).report()).isEqualTo(9 * 30);
    }

    @Test
    void aDueReportWithNoMatchToShowWaitsHalfATickAtMost() {
        for (int i = 0; i < 10; i++) {
            rates.advance(i * INTERVAL);
            rates.decide(1, "ada", 100); // reported at the first interval, counted at the others
        }
        List<Long> reportedAt = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            rates.advance(i * INTERVAL);
            FirehoseRates.Decision d = rates.decide(1, "ada", 0); // still a firehose over its last second
            if (d.report() > 0) {
                reportedAt.add((long) i);
                assertThat(d.firehose()).isTrue();
                assertThat(d.report()).isEqualTo(9 * 100);
            }
        }
        assertThat(reportedAt).containsExactly(15L); // due at 10, reported 500 ms later without a sample
    }

    @Test
    void flushesAtIrregularTimesCountTheSecondByTheClockNotByTheNumberOfFlushes() {
        // a firehose of 30 matches an interval, flushed every interval for a second
        for (int i = 0; i < 10; i++) {
            rates.advance(i * INTERVAL);
            assertThat(rates.decide(1, "ada", 30).firehose()).isTrue();
        }
        // then a flush only 350 ms later: the three intervals it stepped over left its last second, which still holds
        // seven of the ten; a second has passed since its first report, so the other nine intervals are due, and are
        // reported with the next match
        rates.advance(12 * INTERVAL + INTERVAL / 2);
        FirehoseRates.Decision late = rates.decide(1, "ada", 0);
        assertThat(late.firehose()).isTrue();
        assertThat(late.report()).isZero();
        rates.advance(13 * INTERVAL);
        assertThat(rates.decide(1, "ada", 5).report()).isEqualTo(9 * 30 + 5);
        // and one a second and a half later, with three matches: nothing of the flood is left in its last second
        rates.advance(27 * INTERVAL);
        assertThat(rates.decide(1, "ada", 3)).isEqualTo(FirehoseRates.Decision.LISTED);
        // two flushes within one interval: the second adds to the same interval
        rates.advance(27 * INTERVAL + INTERVAL / 3);
        assertThat(rates.decide(1, "ada", 10).firehose()).isFalse(); // 13 in the last second
        rates.advance(27 * INTERVAL + 2 * INTERVAL / 3);
        assertThat(rates.decide(1, "ada", 10).firehose()).isTrue(); // 23
    }
}
