package org.fountain.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.fountain.filters.ActiveFilters;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterChanged;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.filters.language.FilterLanguages;
import org.fountain.filters.language.FilterProgram;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's compiled, indexed filters in step with the database, on a thread of its own. A filter saved
 * here is applied before the save returns: only that filter is compiled, and only the index structures it leaves or
 * joins are rebuilt. One saved on another instance is noticed by a change mark polled every
 * {@code fountain.matching.refresh-interval}. Programs are cached by (language, expression), so an unchanged filter
 * is never compiled again. Every {@code rebalance-interval} each filter's access predicate is chosen anew from the
 * values recently seen. Loaded in full before the survey listeners start, so no alert is matched against a
 * half-loaded index.
 */
@Component
class LiveFilters implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFilters.class);
    private static final long COALESCE_MILLIS = 5;

    /** What the hot path reads: the index and statistics of each stream. */
    record Snapshot(Map<String, LiveStream> streams) {
        static final Snapshot EMPTY = new Snapshot(Map.of());
    }

    /** One stream: its index, the recent values of its indexed fields, and how many alerts it has had. */
    record LiveStream(StreamIndex index, Samples samples, AtomicLong alerts) {}

    private record Change(long filterId, CompletableFuture<Void> applied) {}

    private record Compiled(FilterLanguage language, FilterProgram program, Conjuncts.Analysis analysis) {}

    private final ActiveFilters source;
    private final FilterLanguages languages;
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private final Map<Long, FilterCounters> counters = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile boolean running;
    private @Nullable Thread worker;

    // owned by the worker thread (and start(), before it runs)
    private final Map<Long, CompiledFilter> live = new HashMap<>();
    private final Map<String, FieldIds> fieldIds = new ConcurrentHashMap<>();
    private final Map<String, Samples> samples = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> alertCounts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Compiled>> programs = new ConcurrentHashMap<>();
    private final Map<String, StreamIndex> indexes = new HashMap<>();
    private String changeMark = "";
    private Instant seenUpTo = Instant.EPOCH;
    private long lastFullReconcile;
    private final Set<Long> failing = new HashSet<>();
    /** What the owner of a filter that does not compile is told, by filter id: read by the filter pages. */
    private final Map<Long, String> problems = new ConcurrentHashMap<>();

    private static final long FULL_RECONCILE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private long lastRebalance = System.nanoTime();

    private final long pollMillis;
    private final long rebalanceNanos;
    private final Runaways.Limits limits;
    private final Runaways runaways = new Runaways();
    private java.util.concurrent.@Nullable Future<Choices> pendingChoices;
    private final ExecutorService estimator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "filter-estimates");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private long lastRunawayCheck = System.nanoTime();
    private java.util.concurrent.@Nullable Future<?> runawayCheck;
    private final ExecutorService pauser = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "filter-pauser");
        t.setDaemon(true);
        return t;
    });

    LiveFilters(ActiveFilters source, FilterLanguages languages, MatchingProperties properties) {
        this.source = source;
        this.languages = languages;
        this.pollMillis = Math.max(10, properties.refreshInterval().toMillis());
        this.rebalanceNanos = properties.rebalanceInterval().toNanos();
        this.limits = properties.limits();
    }

    /**
     * Pauses a filter off the hot path and off this thread (the pause comes back here as a change), keeping the
     * reason for its owner. {@code done} runs afterwards, whether the pause was stored or not.
     */
    void pause(long filterId, String reason, Runnable done) {
        pauser.execute(() -> {
            try {
                source.pause(filterId, reason);
                log.info("Filter {}: {}", filterId, reason);
            } catch (RuntimeException e) {
                log.warn("Could not pause filter {}: {}", filterId, e.toString());
            } finally {
                done.run();
            }
        });
    }

    Snapshot snapshot() {
        return snapshot;
    }

    @Nullable
    FilterCounters countersOf(long filterId) {
        return counters.get(filterId);
    }

    /** Why a filter does not run as saved (it does not compile), or null. */
    @Nullable
    String problemOf(long filterId) {
        return problems.get(filterId);
    }

    /** A filter saved, paused, deleted or (un)followed here: applied before the caller goes on. */
    @EventListener
    void onChange(FilterChanged changed) {
        Change change = new Change(changed.filterId(), new CompletableFuture<>());
        changes.add(change);
        try {
            change.applied().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Filter {} is not live on this instance yet: {}", changed.filterId(), e.toString());
        }
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        reconcile();
        running = true;
        worker = new Thread(this::work, "filter-index");
        worker.setDaemon(true);
        worker.start();
        log.info(
                "{} live filters compiled and indexed in {} ms",
                live.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the Kafka listener containers, which start in a late phase. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void work() {
        while (running) {
            List<Change> batch = new ArrayList<>();
            try {
                Change first = changes.poll(pollMillis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    Thread.sleep(COALESCE_MILLIS);
                    changes.drainTo(batch);
                    apply(batch);
                } else if (!source.changeMark().equals(changeMark)) {
                    reconcile();
                }
                if (pendingChoices == null && System.nanoTime() - lastRebalance > rebalanceNanos) {
                    startRebalance();
                } else if (pendingChoices != null && pendingChoices.isDone()) {
                    finishRebalance();
                }
                if ((runawayCheck == null || runawayCheck.isDone())
                        && System.nanoTime() - lastRunawayCheck > TimeUnit.SECONDS.toNanos(1)) {
                    lastRunawayCheck = System.nanoTime();
                    List<CompiledFilter> running = List.copyOf(live.values());
                    // off this thread (with 100,000 filters it takes tens of milliseconds), one at a time
                    runawayCheck = estimator.submit(() -> {
                        for (Runaways.Verdict verdict : runaways.check(running, limits)) {
                            pause(verdict.filterId(), verdict.reason(), () -> {});
                        }
                    });
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("Could not bring the filter index up to date: {}", e.toString());
            } finally {
                batch.forEach(c -> c.applied().complete(null));
            }
        }
    }

    /** What one round of changes does to each stream's index. */
    private static final class Delta {
        final Map<String, List<Long>> removed = new HashMap<>();
        final Map<String, List<CompiledFilter>> added = new HashMap<>();

        void remove(CompiledFilter filter) {
            removed.computeIfAbsent(filter.filter().stream(), s -> new ArrayList<>())
                    .add(filter.id());
        }

        void add(CompiledFilter filter) {
            added.computeIfAbsent(filter.filter().stream(), s -> new ArrayList<>())
                    .add(filter);
        }

        Set<String> streams() {
            Set<String> streams = new HashSet<>(removed.keySet());
            streams.addAll(added.keySet());
            return streams;
        }
    }

    /** Applies the changes of a few filters: only those are read and compiled, only their index entries redone. */
    private void apply(List<Change> batch) {
        Delta delta = new Delta();
        Set<Long> ids = new HashSet<>();
        for (Change change : batch) {
            ids.add(change.filterId());
        }
        for (long id : ids) {
            CompiledFilter before = live.get(id);
            Optional<Filter> now = source.find(id);
            if (now.isPresent()) {
                update(now.get(), before, delta);
            } else if (before != null) {
                live.remove(id);
                counters.remove(id);
                delta.remove(before);
            }
        }
        publish(delta);
    }

    /**
     * Catches up with changes made anywhere: reads the filters changed since the last look (and the count of active
     * ones, to notice deletions), or, every ten minutes and whenever the count disagrees, when each active filter last
     * changed. Loads and compiles those that are new or changed; drops those that are gone or paused.
     */
    private void reconcile() {
        String mark = source.changeMark();
        boolean full = lastFullReconcile == 0 || System.nanoTime() - lastFullReconcile > FULL_RECONCILE_NANOS;
        if (!full) {
            Delta delta = new Delta();
            List<Filter> changed = source.changedSince(seenUpTo.minusSeconds(5));
            List<Filter> active = new ArrayList<>();
            for (Filter filter : changed) {
                note(filter.updatedAt());
                CompiledFilter before = live.get(filter.id());
                if (!filter.active()) {
                    failing.remove(filter.id());
                    problems.remove(filter.id());
                    if (before != null) {
                        live.remove(filter.id());
                        counters.remove(filter.id());
                        delta.remove(before);
                    }
                } else if (before == null || !before.filter().equals(filter)) {
                    active.add(filter);
                }
            }
            precompile(active);
            for (Filter filter : active) {
                update(filter, live.get(filter.id()), delta);
            }
            full = source.activeCount() != live.size() + failing.size();
            if (!full) {
                publish(delta);
                changeMark = mark;
                return;
            }
        }
        lastFullReconcile = System.nanoTime();
        Map<Long, Instant> versions = source.versions();
        List<Long> changedIds = new ArrayList<>();
        versions.forEach((id, changedAt) -> {
            note(changedAt);
            CompiledFilter before = live.get(id);
            if (before == null || !before.filter().updatedAt().equals(changedAt)) {
                changedIds.add(id);
            }
        });
        failing.retainAll(versions.keySet());
        problems.keySet().retainAll(versions.keySet());
        List<Filter> changed = new ArrayList<>();
        for (int from = 0; from < changedIds.size(); from += 10_000) {
            changed.addAll(source.among(changedIds.subList(from, Math.min(changedIds.size(), from + 10_000))));
        }
        precompile(changed);
        Delta delta = new Delta();
        for (Filter filter : changed) {
            update(filter, live.get(filter.id()), delta);
        }
        for (var it = live.values().iterator(); it.hasNext(); ) {
            CompiledFilter filter = it.next();
            if (!versions.containsKey(filter.id())) {
                delta.remove(filter);
                counters.remove(filter.id());
                it.remove();
            }
        }
        publish(delta);
        changeMark = mark;
    }

    private void note(Instant changedAt) {
        if (changedAt.isAfter(seenUpTo)) {
            seenUpTo = changedAt;
        }
    }

    /**
     * Compiles a new or changed filter into the live set. A filter that no longer compiles keeps running on the
     * program it had; one that never compiled is left out.
     */
    private void update(Filter filter, @Nullable CompiledFilter before, Delta delta) {
        CompiledFilter now;
        try {
            Compiled compiled = compile(filter.stream(), filter.expression());
            FilterCounters c =
                    counters.computeIfAbsent(filter.id(), id -> new FilterCounters(alertsOf(filter.stream())));
            now = new CompiledFilter(filter, compiled.program(), compiled.analysis(), c);
            problems.remove(filter.id());
        } catch (InvalidFilterException e) {
            if (before == null) {
                log.warn("Filter {} does not compile and is not running: {}", filter.id(), e.getMessage());
                failing.add(filter.id());
                problems.put(
                        filter.id(),
                        "Not running: it does not compile against the " + filter.stream() + " stream's schema. "
                                + e.getMessage());
                return;
            }
            log.warn("Filter {} no longer compiles; it keeps its last program: {}", filter.id(), e.getMessage());
            now = new CompiledFilter(filter, before.program(), before.analysis(), before.counters());
            problems.put(
                    filter.id(),
                    "Running as last compiled: this version does not compile against the " + filter.stream()
                            + " stream's schema. " + e.getMessage());
        }
        if (before != null && !before.filter().stream().equals(filter.stream())) {
            delta.remove(before);
        }
        failing.remove(filter.id());
        live.put(filter.id(), now);
        delta.add(now);
    }

    /**
     * Compiles new and changed filters in bulk (kept type-checked programs are read back rather than checked again;
     * the rest on every core) into the program cache.
     */
    private void precompile(List<Filter> changed) {
        if (changed.size() < 64) {
            return;
        }
        Map<String, Set<String>> byStream = new HashMap<>();
        for (Filter filter : changed) {
            byStream.computeIfAbsent(filter.stream(), s -> new HashSet<>()).add(filter.expression());
        }
        byStream.forEach((stream, expressions) -> {
            try {
                FilterLanguages.Compiled compiled = languages.compileAll(stream, expressions);
                Map<String, Compiled> cache = programs.computeIfAbsent(stream, s -> new ConcurrentHashMap<>());
                compiled.programs()
                        .forEach((expression, program) -> cache.put(
                                expression,
                                new Compiled(
                                        compiled.language(), program, Conjuncts.of(program.ast(), idsOf(stream)))));
            } catch (InvalidFilterException e) {
                // an unknown stream or one without a schema yet: reported as each filter is applied
            }
        });
    }

    private Compiled compile(String stream, String expression) {
        FilterLanguage language = languages.languageFor(stream);
        Map<String, Compiled> cache = programs.computeIfAbsent(stream, s -> new ConcurrentHashMap<>());
        Compiled cached = cache.get(expression);
        if (cached != null && cached.language() == language) {
            return cached;
        }
        FilterLanguages.Compiled one = languages.compileAll(stream, List.of(expression));
        FilterProgram program = one.programs().get(expression);
        if (program == null) {
            throw one.problems().get(expression);
        }
        Compiled compiled = new Compiled(one.language(), program, Conjuncts.of(program.ast(), idsOf(stream)));
        cache.put(expression, compiled);
        return compiled;
    }

    /** New access predicates chosen off this thread, per stream: the filters and the estimates they were chosen by. */
    private record Choices(
            Map<String, List<CompiledFilter>> filters,
            Map<String, Map<Long, Predicate>> chosen,
            Map<String, Estimates> estimates) {}

    /**
     * Starts choosing every filter's access predicate anew from the values seen lately, on a thread of its own: this
     * thread stays free for saves. {@link #finishRebalance} then re-files only the filters whose choice changed.
     */
    private void startRebalance() {
        lastRebalance = System.nanoTime();
        Map<String, List<CompiledFilter>> byStream = new HashMap<>();
        for (CompiledFilter filter : live.values()) {
            byStream.computeIfAbsent(filter.filter().stream(), s -> new ArrayList<>())
                    .add(filter);
        }
        byStream.keySet().forEach(this::fieldsOf);
        pendingChoices = estimator.submit(() -> {
            Map<String, Map<Long, Predicate>> chosen = new HashMap<>();
            Map<String, Estimates> estimates = new HashMap<>();
            byStream.forEach((stream, filters) -> {
                Estimates now = estimates(stream);
                estimates.put(stream, now);
                chosen.put(stream, StreamIndex.choices(filters, now));
            });
            return new Choices(byStream, chosen, estimates);
        });
        forgetUnusedPrograms();
    }

    private void finishRebalance() throws InterruptedException {
        Choices choices;
        Future<Choices> pending = pendingChoices;
        if (pending == null) {
            return;
        }
        try {
            choices = pending.get();
        } catch (ExecutionException e) {
            log.warn("Could not choose access predicates anew: {}", String.valueOf(e.getCause()));
            return;
        } finally {
            pendingChoices = null;
        }
        boolean changed = false;
        for (Map.Entry<String, List<CompiledFilter>> entry : choices.filters().entrySet()) {
            StreamIndex current = indexes.get(entry.getKey());
            if (current == null) {
                continue;
            }
            List<CompiledFilter> refile = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (CompiledFilter filter :
                    current.movedAmong(entry.getValue(), choices.chosen().getOrDefault(entry.getKey(), Map.of()))) {
                if (live.get(filter.id()) == filter) {
                    refile.add(filter);
                    ids.add(filter.id());
                }
            }
            if (!refile.isEmpty()) {
                indexes.put(
                        entry.getKey(),
                        current.with(
                                ids,
                                refile,
                                fieldsOf(entry.getKey()),
                                Objects.requireNonNull(choices.estimates().get(entry.getKey()))));
                changed = true;
            }
        }
        if (changed) {
            swap();
        }
    }

    /** Forgets the programs, and the shared conjuncts, that no live filter has any more. */
    private void forgetUnusedPrograms() {
        Map<String, Set<String>> used = new HashMap<>();
        Map<String, Set<Predicate>> conjuncts = new HashMap<>();
        for (CompiledFilter filter : live.values()) {
            used.computeIfAbsent(filter.filter().stream(), s -> new HashSet<>())
                    .add(filter.filter().expression());
            conjuncts
                    .computeIfAbsent(filter.filter().stream(), s -> new HashSet<>())
                    .addAll(List.of(filter.conjuncts()));
        }
        programs.forEach((stream, cache) -> cache.keySet().retainAll(used.getOrDefault(stream, Set.of())));
        fieldIds.forEach((stream, ids) -> ids.keepShared(conjuncts.getOrDefault(stream, Set.of())));
    }

    /** Applies a delta to the touched streams' indexes and swaps the new snapshot in. */
    private void publish(Delta delta) {
        for (String stream : delta.streams()) {
            StreamIndex current = indexes.get(stream);
            List<Long> removed = delta.removed.getOrDefault(stream, List.of());
            List<CompiledFilter> added = delta.added.getOrDefault(stream, List.of());
            indexes.put(
                    stream,
                    current == null
                            ? StreamIndex.build(added, fieldsOf(stream), estimates(stream))
                            : current.with(removed, added, fieldsOf(stream), estimates(stream)));
        }
        swap();
    }

    private void swap() {
        Map<String, LiveStream> streams = new HashMap<>();
        indexes.forEach(
                (stream, index) -> streams.put(stream, new LiveStream(index, samplesOf(stream), alertsOf(stream))));
        snapshot = new Snapshot(Map.copyOf(streams));
    }

    private FieldRef[] fieldsOf(String stream) {
        FieldRef[] fields = idsOf(stream).all();
        samplesOf(stream).ensure(fields.length);
        return fields;
    }

    private Estimates estimates(String stream) {
        return new Estimates(samplesOf(stream));
    }

    private FieldIds idsOf(String stream) {
        return fieldIds.computeIfAbsent(stream, s -> new FieldIds());
    }

    private Samples samplesOf(String stream) {
        return samples.computeIfAbsent(stream, s -> new Samples());
    }

    AtomicLong alertsOf(String stream) {
        return alertCounts.computeIfAbsent(stream, s -> new AtomicLong());
    }
}
