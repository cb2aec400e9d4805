package org.fountain.filters;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fountain.filters.storage.StoredFilters;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Who receives each filter's matches, as delivery asks for every match it reads (the matches topic names filters by
 * id alone): the filter's name and owner, and, while it is active and public, its followers and those of them who take
 * its replays. Every filter is kept in memory and in step with the database: changes made here are read at once,
 * those made on other instances within {@link #REFRESH_MILLIS} (the change mark), and a filter not known yet when one
 * of its matches arrives (saved elsewhere a moment ago) is read on the spot.
 */
@Component
public class FilterAudiences implements SmartLifecycle {

    /** How often the change mark is read. */
    static final long REFRESH_MILLIS = 1_000;

    private static final long FULL_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long UNKNOWN_FOR_MILLIS = 5_000;
    private static final int MAX_UNKNOWN = 10_000;

    /**
     * A filter's audience.
     *
     * @param filterId the filter
     * @param name its name now
     * @param owner its owner, who receives every match of it
     * @param followers who follow it, while it is active and public
     * @param replayFollowers those of them who take its replays too
     */
    public record Audience(
            long filterId, String name, String owner, Set<String> followers, Set<String> replayFollowers) {

        /** Who besides the owner receives a match: a replay is the owner's look back, not news to followers. */
        public Set<String> followersOf(boolean replay) {
            return replay ? replayFollowers : followers;
        }
    }

    private final StoredFilters stored;
    private volatile Map<Long, Audience> audiences = Map.of();
    /** Ids asked for that no filter has, until when they are not asked for again. */
    private final Map<Long, Long> unknown = new ConcurrentHashMap<>();
    /** Filters read on the spot since the last refresh, which replaces them. */
    private final Map<Long, Audience> readSinceRefresh = new ConcurrentHashMap<>();

    private static final int MAX_READS_PER_SECOND = 20;
    private volatile long readSecond;
    private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    // the refresher's own (and start's, before it runs)
    private String mark = "";
    private Instant seenUpTo = Instant.EPOCH;
    private long lastFull;
    private @Nullable ScheduledExecutorService refresher;

    FilterAudiences(StoredFilters stored) {
        this.stored = stored;
    }

    /** The audience of a filter, or null when there is no such filter. */
    public @Nullable Audience of(long filterId) {
        Audience audience = audiences.get(filterId);
        if (audience != null) {
            return audience;
        }
        Audience recent = readSinceRefresh.get(filterId);
        if (recent != null) {
            return recent;
        }
        Long until = unknown.get(filterId);
        long now = System.currentTimeMillis();
        if (until != null && until > now) {
            return null;
        }
        // the database is asked on the reader's thread at most MAX_READS_PER_SECOND times a second, whatever ids a
        // record names: a record of made-up ids cannot hold the live relay
        long second = now / 1000;
        if (readSecond != second) {
            readSecond = second;
            reads.set(0);
        }
        if (reads.incrementAndGet() > MAX_READS_PER_SECOND) {
            return null;
        }
        return readNow(filterId);
    }

    /** A filter just saved elsewhere: read it alone (or note that it does not exist, and for a while not ask again). */
    private @Nullable Audience readNow(long filterId) {
        try {
            StoredFilters.Named named = stored.named(List.of(filterId)).get(filterId);
            if (named == null) {
                if (unknown.size() >= MAX_UNKNOWN) {
                    unknown.clear();
                }
                unknown.put(filterId, System.currentTimeMillis() + UNKNOWN_FOR_MILLIS);
                return null;
            }
            // its followers come with the next refresh; its owner receives its matches from now on
            Audience audience = new Audience(filterId, named.name(), named.owner(), Set.of(), Set.of());
            if (readSinceRefresh.size() < MAX_UNKNOWN) {
                readSinceRefresh.put(filterId, audience);
            }
            return audience;
        } catch (RuntimeException e) {
            return null; // the database is away: the next refresh will know
        }
    }

    @EventListener
    void onChange(FilterChanged changed) {
        ScheduledExecutorService executor = refresher;
        if (executor != null) {
            executor.execute(this::refreshSafely);
        }
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // the database is away: the audiences known stay as they are
        }
    }

    /** Reads what changed since the last look: the filters changed, and every follow; all filters now and then. */
    private synchronized void refresh() {
        String now = stored.changeMark();
        boolean full = lastFull == 0 || System.nanoTime() - lastFull > FULL_EVERY_NANOS;
        if (!full && now.equals(mark)) {
            return;
        }
        Map<Long, StoredFilters.Named> named = new HashMap<>();
        if (!full) {
            for (Filter filter : stored.changedSince(seenUpTo.minusSeconds(5))) {
                note(filter.updatedAt());
                named.put(filter.id(), new StoredFilters.Named(filter.name(), filter.owner()));
            }
            Map<Long, StoredFilters.Named> changed = named;
            audiences.forEach((id, a) -> changed.putIfAbsent(id, new StoredFilters.Named(a.name(), a.owner())));
            full = stored.countAll() != named.size(); // one deleted (or made and deleted unseen): read them all
        }
        if (full) {
            Instant started = Instant.now();
            named = stored.named(null);
            note(started.minusSeconds(5));
            lastFull = System.nanoTime();
        }
        Map<Long, StoredFilters.Followers> follows = stored.followersOfActivePublicFilters();
        Map<Long, Audience> next = new HashMap<>(named.size() * 2);
        named.forEach((id, n) -> {
            StoredFilters.Followers f = follows.get(id);
            next.put(
                    id,
                    new Audience(
                            id,
                            n.name(),
                            n.owner(),
                            f == null ? Set.of() : Set.copyOf(f.all()),
                            f == null ? Set.of() : Set.copyOf(f.withReplays())));
        });
        audiences = next;
        readSinceRefresh.clear();
        unknown.keySet().removeAll(next.keySet());
        mark = now;
    }

    private void note(Instant changedAt) {
        if (changedAt.isAfter(seenUpTo)) {
            seenUpTo = changedAt;
        }
    }

    @Override
    public void start() {
        lastFull = 0;
        refreshSafely();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "filter-audiences");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::refreshSafely, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        refresher = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        refresher = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    /** Before the listeners that read matches start (they start in the default phase). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }
}
