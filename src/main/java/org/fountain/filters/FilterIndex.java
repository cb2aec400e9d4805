package org.fountain.filters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.fountain.alerts.Alert;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterEvaluationException;
import org.fountain.filters.language.FilterLanguages;
import org.fountain.filters.language.FilterProgram;
import org.fountain.filters.storage.StoredFilters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The active filters of this instance, compiled, as an immutable snapshot that is rebuilt off the hot path and
 * swapped atomically whenever a filter changes.
 */
@Component
public class FilterIndex {

    private static final Logger log = LoggerFactory.getLogger(FilterIndex.class);

    private record Entry(String stream, MatchedFilter filter, FilterProgram program, Counters counters) {}

    private record Snapshot(List<Entry> entries, Map<Long, List<String>> recipients) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of());
    }

    private final StoredFilters stored;
    private final FilterLanguages languages;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.EMPTY);
    private final ConcurrentMap<Long, Counters> counters = new ConcurrentHashMap<>();
    private volatile String changeMark = "";

    private static final class Counters {
        final AtomicLong evaluations = new AtomicLong();
        final AtomicLong matches = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong failuresInARow = new AtomicLong();
        volatile String lastError;
        volatile boolean pausing;
    }

    private final int pauseAfterFailures;
    private final ApplicationEventPublisher events;
    private final ExecutorService pauser = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "filter-pauser");
        t.setDaemon(true);
        return t;
    });

    FilterIndex(
            StoredFilters stored,
            FilterLanguages languages,
            FiltersProperties properties,
            ApplicationEventPublisher events) {
        this.stored = stored;
        this.languages = languages;
        this.pauseAfterFailures = properties.pauseAfterFailures();
        this.events = events;
    }

    /**
     * Every active filter the alert satisfies. A filter that fails on the alert is counted against that filter and
     * skipped; it never stops the others.
     */
    public List<MatchedFilter> matchesFor(Alert alert) {
        List<Entry> entries = snapshot.get().entries();
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<String, Object> values = null;
        List<MatchedFilter> matched = new ArrayList<>(2);
        for (Entry entry : entries) {
            if (!entry.stream().equals(alert.stream())) {
                continue;
            }
            if (values == null) {
                values = AlertValues.of(alert.record());
            }
            Counters c = entry.counters();
            c.evaluations.incrementAndGet();
            try {
                if (entry.program().matches(values)) {
                    c.matches.incrementAndGet();
                    matched.add(entry.filter());
                }
                c.failuresInARow.set(0);
            } catch (FilterEvaluationException e) {
                c.errors.incrementAndGet();
                c.lastError = e.getMessage();
                if (c.failuresInARow.incrementAndGet() >= pauseAfterFailures && !c.pausing) {
                    c.pausing = true;
                    pauseLater(entry.filter().id(), e.getMessage());
                }
            }
        }
        return matched;
    }

    /**
     * Rebuilds when another instance has changed filters. Polls a cheap change mark once a second; a filter saved
     * anywhere is live everywhere within about a second.
     */
    @Scheduled(fixedDelayString = "${fountain.filters.refresh-interval:1s}")
    void refreshIfChangedElsewhere() {
        try {
            if (!stored.changeMark().equals(changeMark)) {
                rebuild();
            }
        } catch (RuntimeException e) {
            log.warn("Could not check for filter changes: {}", e.toString());
        }
    }

    /** Recompiles all active filters and swaps the snapshot in. */
    @EventListener({ApplicationStartedEvent.class, FilterChanged.class})
    public synchronized void rebuild() {
        String mark = stored.changeMark();
        Map<Long, List<String>> followers = stored.followersOfActivePublicFilters();
        List<Entry> entries = new ArrayList<>();
        Map<Long, List<String>> recipients = new HashMap<>();
        for (Filter filter : stored.active()) {
            List<String> to = new ArrayList<>();
            to.add(filter.owner());
            if (filter.isPublic()) {
                to.addAll(followers.getOrDefault(filter.id(), List.of()));
            }
            try {
                entries.add(new Entry(
                        filter.stream(),
                        new MatchedFilter(
                                filter.id(), filter.name(), filter.owner(), List.copyOf(to), filter.kafkaOutput()),
                        languages.compile(filter.stream(), filter.expression()),
                        countersOf(filter.id())));
                recipients.put(filter.id(), List.copyOf(to));
            } catch (InvalidFilterException e) {
                log.warn("Filter {} no longer compiles and is skipped: {}", filter.id(), e.getMessage());
            }
        }
        snapshot.set(new Snapshot(List.copyOf(entries), Map.copyOf(recipients)));
        changeMark = mark;
    }

    /** Off the hot path: store the pause and its reason, then rebuild every instance's index. */
    private void pauseLater(long id, String error) {
        String reason = "Paused after failing on " + pauseAfterFailures + " alerts in a row. Last error: " + error;
        pauser.execute(() -> {
            try {
                stored.pause(id, reason);
                events.publishEvent(new FilterChanged(id));
                log.info("Filter {} paused: {}", id, reason);
            } catch (RuntimeException e) {
                log.warn("Could not pause filter {}: {}", id, e.toString());
            } finally {
                Counters c = counters.get(id);
                if (c != null) {
                    c.pausing = false;
                    c.failuresInARow.set(0);
                }
            }
        });
    }

    /** Who receives a filter's matches on this instance: its owner, and its followers while it is public. */
    public List<String> recipientsOf(long filterId, String owner) {
        return snapshot.get().recipients().getOrDefault(filterId, List.of(owner));
    }

    Map<Long, FilterHealth> healthOf(List<Long> ids) {
        Map<Long, FilterHealth> health = new HashMap<>();
        for (Long id : ids) {
            Counters c = counters.get(id);
            health.put(
                    id,
                    c == null
                            ? FilterHealth.NONE
                            : new FilterHealth(c.evaluations.get(), c.matches.get(), c.errors.get(), c.lastError));
        }
        return health;
    }

    private Counters countersOf(long id) {
        return counters.computeIfAbsent(id, k -> new Counters());
    }
}
