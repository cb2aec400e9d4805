package org.fountain.matching;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fountain.alerts.Alert;
import org.fountain.filters.FilterHealth;
import org.fountain.filters.FilterHealthSource;
import org.fountain.filters.FiltersProperties;
import org.fountain.filters.MatchedFilter;
import org.springframework.stereotype.Component;

/**
 * Matches alerts against every live filter of their stream. The index names the candidates; each candidate's other
 * indexable conjuncts are checked on the raw field values; CEL runs only on the candidates left, reading only the
 * top-level fields the filter uses. A filter that fails on an alert is counted against that filter and never stops
 * the others; one that fails on every alert for too long is paused, with the reason kept for its owner.
 */
@Component
public class Matcher implements FilterHealthSource {

    private final LiveFilters live;
    private final int pauseAfterFailures;

    Matcher(LiveFilters live, FiltersProperties properties) {
        this.live = live;
        this.pauseAfterFailures = properties.pauseAfterFailures();
    }

    /** Every live filter the alert satisfies, by filter id. */
    public List<MatchedFilter> matchesFor(Alert alert) {
        LiveFilters.LiveStream stream = live.snapshot().streams().get(alert.stream());
        if (stream == null) {
            return List.of();
        }
        long sequence = stream.alerts().incrementAndGet();
        StreamIndex index = stream.index();
        if (index.size() == 0) {
            return List.of();
        }
        Evaluation evaluation = new Evaluation(alert.record(), index, sequence, this::failed);
        stream.samples().offer(evaluation.fields());
        index.candidates(evaluation.fields(), evaluation);
        return evaluation.matched();
    }

    @Override
    public Map<Long, FilterHealth> healthOf(List<Long> ids) {
        Map<Long, FilterHealth> health = new HashMap<>();
        for (Long id : ids) {
            health.put(id, healthOf(id));
        }
        return health;
    }

    private FilterHealth healthOf(long id) {
        FilterCounters c = live.countersOf(id);
        String problem = live.problemOf(id);
        if (c == null) {
            return problem == null ? FilterHealth.NONE : new FilterHealth(0, 0, 0, null, problem);
        }
        return new FilterHealth(c.seen(), c.matches(), c.errors(), c.lastError, problem, c.sampledNanos() / 1e9);
    }

    private void failed(CompiledFilter filter, long inARow, String error) {
        FilterCounters c = filter.counters();
        if (inARow >= pauseAfterFailures && !c.pausing) {
            c.pausing = true;
            pauseLater(filter.id(), c, error);
        }
    }

    private void pauseLater(long id, FilterCounters c, String error) {
        String reason = "Paused after failing on " + pauseAfterFailures + " alerts in a row. Last error: " + error;
        live.pause(id, reason, () -> {
            c.pausing = false;
            c.succeeded();
        });
    }
}
