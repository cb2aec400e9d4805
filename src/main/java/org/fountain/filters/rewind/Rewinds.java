package org.fountain.filters.rewind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.AlertSummary;
import org.fountain.alerts.StreamDefinition;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.Filter;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.ReplaySink;
import org.fountain.filters.language.FilterLanguages;
import org.fountain.filters.language.FilterProgram;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * "Test before you save", and replays: the rewinds of this instance, who started each, and the limits on starting
 * them (one running per user, {@code concurrency} running and {@code max-waiting} waiting on the instance, a cooldown
 * and a daily cap on replays). Each runs as a {@link RewindJob} over {@link RetainedAlerts} on one of a few
 * low-priority threads.
 */
@Service
public class Rewinds implements DisposableBean {

    private final FilterLanguages languages;
    private final AlertDecoder decoder;
    private final RetainedAlerts retained;
    private final RewindProperties limits;
    private final Executor executor;
    private final Runnable shutdown;
    private final ObjectProvider<ReplaySink> sink;
    private final Clock clock;
    /** Retry-After when waiting on a running rewind: its usual length. */
    private static final long BUSY_RETRY_SECONDS = 30;

    private final Map<String, RewindJob> jobs = new ConcurrentHashMap<>();
    /** Starts of replays in the last day, by user: the cooldown and the daily cap. */
    private final Map<String, Deque<Instant>> replays = new ConcurrentHashMap<>();

    @Autowired
    Rewinds(
            FilterLanguages languages,
            AlertDecoder decoder,
            KafkaProperties kafka,
            RewindProperties limits,
            ObjectProvider<ReplaySink> sink) {
        this(languages, decoder, new RetainedAlerts(kafka), limits, sink, threads(limits), Clock.systemUTC());
    }

    /** With the threads and the clock given: tests run rewinds when they choose. */
    Rewinds(
            FilterLanguages languages,
            AlertDecoder decoder,
            RetainedAlerts retained,
            RewindProperties limits,
            ObjectProvider<ReplaySink> sink,
            Executor executor,
            Clock clock) {
        this.languages = languages;
        this.decoder = decoder;
        this.retained = retained;
        this.limits = limits;
        this.sink = sink;
        this.executor = executor;
        this.shutdown = executor instanceof ThreadPoolTaskExecutor pool ? pool::shutdown : () -> {};
        this.clock = clock;
    }

    private static ThreadPoolTaskExecutor threads(RewindProperties limits) {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setCorePoolSize(limits.concurrency());
        pool.setMaxPoolSize(limits.concurrency());
        pool.setThreadNamePrefix("rewind-");
        pool.setThreadPriority(Thread.MIN_PRIORITY);
        pool.setDaemon(true);
        pool.setWaitForTasksToCompleteOnShutdown(false);
        pool.initialize();
        return pool;
    }

    @Override
    public void destroy() {
        shutdown.run();
    }

    /**
     * Starts a rewind for {@code owner}; the expression is checked first.
     *
     * @throws InvalidFilterException when the expression does not compile, or the window is out of bounds
     * @throws RewindBusyException when the owner already has a rewind running, or the instance has as many as it takes
     */
    public Rewind start(String owner, String stream, String expression, int hours) {
        return launch(owner, stream, expression, hours, null);
    }

    /**
     * Replays a saved filter over the last {@code hours}: its matches go into its feed (dashboards, the matches topic)
     * marked as replays. The caller has checked that {@code owner} owns it.
     */
    public Rewind replay(String owner, Filter filter, int hours) {
        return launch(owner, filter.stream(), filter.expression(), hours, filter);
    }

    private Rewind launch(String owner, String stream, String expression, int hours, @Nullable Filter replayed) {
        if (hours < 1 || hours > limits.maxHours()) {
            throw InvalidFilterException.because(
                    List.of(new ExpressionProblem(0, 0, "hours must be between 1 and " + limits.maxHours())));
        }
        FilterProgram program = languages.compile(stream, expression);
        StreamDefinition definition = decoder.streams().stream()
                .filter(s -> s.name().equals(stream))
                .findFirst()
                .orElseThrow();
        @Nullable
        Consumer<List<AlertSummary>> feed = replayed == null
                ? null
                : matches -> {
                    ReplaySink target = sink.getIfAvailable();
                    if (target != null) {
                        target.publish(replayed, matches);
                    }
                };
        synchronized (jobs) {
            if (jobs.values().stream().anyMatch(j -> j.owner.equals(owner) && j.running())) {
                throw new RewindBusyException(
                        "you already have a rewind running; cancel it or wait for it", BUSY_RETRY_SECONDS);
            }
            long running = jobs.values().stream().filter(RewindJob::running).count();
            if (running >= limits.concurrency() + limits.maxWaiting()) {
                throw new RewindBusyException(
                        "the portal is running " + running
                                + " rewinds, as many as it takes at once; try again in a minute",
                        BUSY_RETRY_SECONDS);
            }
            if (replayed != null) {
                refuseReplayOverQuota(owner);
            }
            RewindJob job = new RewindJob(UUID.randomUUID().toString(), owner, stream, hours, feed);
            jobs.put(job.id, job);
            Pattern topics = Pattern.compile(definition.topicPattern());
            RewindJob.Limits bounds = new RewindJob.Limits(limits.maxAlerts(), limits.maxDuration());
            executor.execute(() -> job.run(retained, decoder, languages::withContext, program, topics, bounds));
            return job.snapshot();
        }
    }

    /** Refuses a replay within the cooldown of the last or past the day's cap, saying when one may follow; or notes it. */
    private void refuseReplayOverQuota(String owner) {
        Instant now = clock.instant();
        Deque<Instant> recent = replays.computeIfAbsent(owner, o -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(Duration.ofDays(1)))) {
            recent.pollFirst();
        }
        if (!recent.isEmpty() && recent.peekLast().plus(limits.replayCooldown()).isAfter(now)) {
            long seconds = Duration.between(now, recent.peekLast().plus(limits.replayCooldown()))
                    .toSeconds();
            throw new RewindBusyException(
                    "a replay sends matches to every dashboard following the filter: wait " + (seconds + 1)
                            + " s after the last one",
                    seconds + 1);
        }
        if (recent.size() >= limits.replaysPerDay()) {
            Instant next = recent.peekFirst().plus(Duration.ofDays(1));
            throw new RewindBusyException(
                    "you have replayed " + recent.size() + " times in 24 hours, as many as one may; the next is"
                            + " possible at " + next,
                    Duration.between(now, next).toSeconds() + 1);
        }
        recent.addLast(now);
    }

    /** The rewind, if {@code owner} started it. */
    public Rewind find(String id, String owner) {
        return jobOf(id, owner).snapshot();
    }

    /** Cancels a running rewind: it ends {@code CANCELLED}, whatever it was about to do. An ended one stays as it is. */
    public Rewind cancel(String id, String owner) {
        return jobOf(id, owner).cancel();
    }

    private RewindJob jobOf(String id, String owner) {
        RewindJob job = jobs.get(id);
        if (job == null || !job.owner.equals(owner)) {
            throw new RewindNotFoundException("no rewind " + id);
        }
        return job;
    }

    @Scheduled(fixedDelay = 60_000)
    void forgetOldRewinds() {
        Instant cutoff = clock.instant().minus(limits.keep());
        jobs.values()
                .removeIf(j ->
                        !j.running() && j.finishedAt() != null && j.finishedAt().isBefore(cutoff));
    }
}
