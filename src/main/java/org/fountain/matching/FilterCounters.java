package org.fountain.matching;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What one filter has cost and found on this instance. Kept across recompilations of the filter; written on the hot
 * path without locks.
 */
final class FilterCounters {

    private static final VarHandle EVALUATIONS = handle("evaluations");
    private static final VarHandle MATCHES = handle("matches");
    private static final VarHandle ERRORS = handle("errors");
    private static final VarHandle SAMPLED_NANOS = handle("sampledNanos");
    private static final VarHandle FAILURES_IN_A_ROW = handle("failuresInARow");
    private static final VarHandle LAST_FAILURE = handle("lastFailure");

    private final AtomicLong streamAlerts;
    private final long alertsBefore;

    // plain fields updated atomically, all in this one object: the hot path touches one cache line per filter
    private volatile long evaluations;
    private volatile long matches;
    private volatile long errors;
    /** Time of sampled CEL runs (one in 64), each counted 64 times: an estimate of the time of all of them. */
    private volatile long sampledNanos;
    /** The stream's sequence number of the alert on which the filter last failed, and how many in a row had. */
    private volatile long lastFailure = -2;

    private volatile long failuresInARow;
    volatile @Nullable String lastError;
    volatile boolean pausing;

    /**
     * The runaway check's window (its thread alone reads and writes it): the counters when the window began, the cost
     * per alert over the last full window, and the check that last saw the filter live.
     */
    final Window window = new Window();

    static final class Window {
        long round = -1;
        long seen;
        long matches;
        long nanos;
        double lastCost;
    }

    /** Counters of a filter on a stream whose alerts are counted by {@code streamAlerts}. */
    FilterCounters(AtomicLong streamAlerts) {
        this.streamAlerts = streamAlerts;
        this.alertsBefore = streamAlerts.get();
    }

    /** How many alerts of its stream have been matched since the filter went live here (by index or by CEL). */
    long seen() {
        return streamAlerts.get() - alertsBefore;
    }

    long evaluations() {
        return evaluations;
    }

    long matches() {
        return matches;
    }

    long errors() {
        return errors;
    }

    long sampledNanos() {
        return sampledNanos;
    }

    void evaluated() {
        EVALUATIONS.getAndAdd(this, 1L);
    }

    void matched(long count) {
        MATCHES.getAndAdd(this, count);
    }

    void sampled(long nanos) {
        SAMPLED_NANOS.getAndAdd(this, nanos);
    }

    /**
     * Counts a failure on the alert with the given sequence number; returns how many alerts in a row, of all the
     * stream's alerts, the filter has now failed on (alerts the index ruled out count as successes).
     */
    long failedOn(long sequence, String error) {
        ERRORS.getAndAdd(this, 1L);
        lastError = error;
        long previous = (long) LAST_FAILURE.getAndSet(this, sequence);
        if (previous == sequence - 1) {
            return (long) FAILURES_IN_A_ROW.getAndAdd(this, 1L) + 1;
        }
        failuresInARow = 1;
        return 1;
    }

    void succeeded() {
        if (failuresInARow != 0) {
            failuresInARow = 0;
        }
    }

    private static VarHandle handle(String field) {
        try {
            return MethodHandles.lookup().findVarHandle(FilterCounters.class, field, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
