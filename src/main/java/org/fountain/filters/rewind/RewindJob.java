package org.fountain.filters.rewind;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.AlertSummary;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterEvaluationException;
import org.fountain.filters.language.FilterProgram;
import org.fountain.filters.rewind.Rewind.State;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rewind: runs a compiled expression over the retained messages of a window, counting what it scans and finds,
 * until the window ends, a limit is reached or its owner cancels it. A replay also hands its matches, a poll at a
 * time, to {@code replay}.
 */
final class RewindJob {

    private static final Logger log = LoggerFactory.getLogger(RewindJob.class);
    private static final int FIRST_MATCHES = 50;
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH':00Z'").withZone(ZoneOffset.UTC);

    /** The limits of one run. */
    record Limits(long maxAlerts, Duration maxDuration) {}

    final String id;
    final String owner;
    private final String stream;
    private final int hours;
    private final Instant startedAt = Instant.now();
    private final AtomicLong scanned = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Map<String, Long> perHour = Collections.synchronizedMap(new TreeMap<>());
    private final List<AlertSummary> firstMatches = Collections.synchronizedList(new ArrayList<>());
    private final @Nullable Consumer<List<AlertSummary>> replay;
    private final List<AlertSummary> toReplay = new ArrayList<>();
    private volatile long total;
    private volatile State state = State.RUNNING;
    private volatile Rewind.@Nullable StoppedBy stoppedBy;
    private volatile @Nullable String error;
    private volatile @Nullable Instant finishedAt;
    private volatile boolean cancelled;

    /** {@code replay} receives the matches of a replay; null for a rewind that only counts. */
    RewindJob(String id, String owner, String stream, int hours, @Nullable Consumer<List<AlertSummary>> replay) {
        this.id = id;
        this.owner = owner;
        this.stream = stream;
        this.hours = hours;
        this.replay = replay;
    }

    boolean running() {
        return state == State.RUNNING;
    }

    @Nullable
    Instant finishedAt() {
        return finishedAt;
    }

    Rewind snapshot() {
        return new Rewind(
                id,
                state,
                stream,
                hours,
                total,
                scanned.get(),
                matched.get(),
                undecodable.get(),
                failures.get(),
                Map.copyOf(perHour),
                List.copyOf(firstMatches),
                stoppedBy,
                error,
                startedAt,
                finishedAt);
    }

    /** Asks it to stop: a running rewind ends {@code CANCELLED}, whatever it was about to do; an ended one stays. */
    synchronized Rewind cancel() {
        if (state == State.RUNNING) {
            cancelled = true;
        }
        return snapshot();
    }

    /** Runs it to its end (on the caller's thread). */
    void run(
            RetainedAlerts retained,
            AlertDecoder decoder,
            UnaryOperator<Alert> withContext,
            FilterProgram program,
            Pattern topics,
            Limits limits) {
        if (cancelled) {
            finish(State.CANCELLED);
            return;
        }
        long deadline = System.nanoTime() + limits.maxDuration().toNanos();
        try {
            retained.read(
                    "fountain-rewind-" + id.substring(0, 8),
                    topics,
                    startedAt.minus(Duration.ofHours(hours)),
                    estimate -> total = estimate,
                    record -> {
                        scanned.incrementAndGet();
                        evaluate(decoder, withContext, program, record);
                    },
                    new RetainedAlerts.Progress() {
                        @Override
                        public boolean stop() {
                            if (cancelled) {
                                return true;
                            }
                            if (scanned.get() >= limits.maxAlerts()) {
                                stoppedBy = Rewind.StoppedBy.MAX_ALERTS;
                                return true;
                            }
                            if (System.nanoTime() - deadline > 0) {
                                stoppedBy = Rewind.StoppedBy.MAX_DURATION;
                                return true;
                            }
                            return false;
                        }

                        @Override
                        public void polled() {
                            flushReplay();
                        }
                    });
            flushReplay();
            finish(State.DONE);
        } catch (RuntimeException e) {
            log.warn("Rewind {} failed: {}", id, e.toString());
            error = e.getMessage();
            finish(State.FAILED);
        }
    }

    /** The finish time first, so nobody sees an ended rewind without one. */
    private synchronized void finish(State finalState) {
        finishedAt = Instant.now();
        if (cancelled) {
            stoppedBy = null;
        }
        state = cancelled ? State.CANCELLED : finalState;
    }

    private void flushReplay() {
        if (replay != null && !toReplay.isEmpty()) {
            replay.accept(List.copyOf(toReplay));
            toReplay.clear();
        }
    }

    private void evaluate(
            AlertDecoder decoder,
            UnaryOperator<Alert> withContext,
            FilterProgram program,
            ConsumerRecord<byte[], byte[]> record) {
        if (!(decoder.read(record) instanceof AlertDecoder.Decoded.Alerts decoded)) {
            undecodable.incrementAndGet();
            return;
        }
        for (Alert alert : decoded.alerts()) {
            try {
                if (!program.matches(AlertValues.lazily(withContext.apply(alert).record()))) {
                    continue;
                }
            } catch (FilterEvaluationException e) {
                failures.incrementAndGet();
                continue;
            }
            matched.incrementAndGet();
            if (replay != null) {
                toReplay.add(alert.summary());
            }
            perHour.merge(HOUR.format(Instant.ofEpochMilli(record.timestamp())), 1L, Long::sum);
            if (firstMatches.size() < FIRST_MATCHES) {
                firstMatches.add(alert.summary());
            }
        }
    }
}
