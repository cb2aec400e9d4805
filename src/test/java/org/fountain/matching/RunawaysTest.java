package org.fountain.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;

/** Filters that match too much, cost too much, or whose owner's filters together cost too much, are named. */
class RunawaysTest {

    private static final Runaways.Limits LIMITS = new Runaways.Limits(0.2, 1000, 100_000, 300_000);

    private final FilterLanguage language = new FilterLanguage(MockAlerts.schema());
    private final FieldIds ids = new FieldIds();
    private final AtomicLong alerts = new AtomicLong();

    private CompiledFilter filter(long id, String owner) {
        return TestFilters.compile(
                language, ids, id, owner, "candidate.magpsf < 18.0", new FilterCounters(alerts), "ztf");
    }

    @Test
    void aFilterMatchingMoreThanItsShareOfAWindowIsPausedWithItsShareAndTheLimit() {
        CompiledFilter broad = filter(1, "ann");
        CompiledFilter narrow = filter(2, "ann");
        Runaways runaways = new Runaways();
        assertThat(runaways.check(List.of(broad, narrow), LIMITS)).isEmpty();

        alerts.addAndGet(999);
        broad.counters().matched(900);
        narrow.counters().matched(10);
        assertThat(runaways.check(List.of(broad, narrow), LIMITS))
                .as("the window is not full")
                .isEmpty();

        alerts.incrementAndGet();
        List<Runaways.Verdict> verdicts = runaways.check(List.of(broad, narrow), LIMITS);
        assertThat(verdicts).extracting(Runaways.Verdict::filterId).containsExactly(1L);
        assertThat(verdicts.get(0).reason()).contains("90 %", "1,000 alerts", "20 %");

        // the next window starts afresh: a filter that was broad once is judged on what it does now
        alerts.addAndGet(1000);
        broad.counters().matched(100);
        assertThat(runaways.check(List.of(broad, narrow), LIMITS)).isEmpty();
    }

    @Test
    void aFilterCostingMoreThanItsBudgetPerAlertIsPaused() {
        CompiledFilter slow = filter(1, "bob");
        CompiledFilter quick = filter(2, "bob");
        Runaways runaways = new Runaways();
        runaways.check(List.of(slow, quick), LIMITS);
        alerts.addAndGet(1000);
        slow.counters().sampled(1000 * 150_000L);
        quick.counters().sampled(1000 * 5_000L);

        List<Runaways.Verdict> verdicts = runaways.check(List.of(slow, quick), LIMITS);
        assertThat(verdicts).extracting(Runaways.Verdict::filterId).containsExactly(1L);
        assertThat(verdicts.get(0).reason()).contains("150 µs", "100 µs");
    }

    @Test
    void whileAUsersFiltersTogetherCostTooMuchTheCostliestArePaused() {
        List<CompiledFilter> owned = List.of(filter(1, "cy"), filter(2, "cy"), filter(3, "cy"), filter(4, "cy"));
        CompiledFilter someoneElses = filter(5, "dee");
        Runaways runaways = new Runaways();
        List<CompiledFilter> all = List.of(owned.get(0), owned.get(1), owned.get(2), owned.get(3), someoneElses);
        runaways.check(all, LIMITS);
        alerts.addAndGet(1000);
        long[] costs = {90_000, 80_000, 70_000, 60_000};
        for (int i = 0; i < 4; i++) {
            owned.get(i).counters().sampled(1000 * costs[i]);
        }
        someoneElses.counters().sampled(1000 * 90_000L);

        // 300 µs together against a budget of 300: fine; then the costliest goes up and takes them over it
        assertThat(runaways.check(all, LIMITS)).isEmpty();
        alerts.addAndGet(1000);
        owned.get(0).counters().sampled(1000 * 95_000L);
        owned.get(1).counters().sampled(1000 * 80_000L);
        owned.get(2).counters().sampled(1000 * 70_000L);
        owned.get(3).counters().sampled(1000 * 60_000L);
        someoneElses.counters().sampled(1000 * 90_000L);
        List<Runaways.Verdict> verdicts = runaways.check(all, LIMITS);
        assertThat(verdicts).extracting(Runaways.Verdict::filterId).containsExactly(1L);
        assertThat(verdicts.get(0).reason()).contains("cy's filters", "300 µs", "95 µs");
    }
}
