package org.fountain.matching;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one filter has cost and found on this instance. Kept across recompilations of the filter; written on the hot
 * path without locks.
 */
final class FilterCounters {

    private final AtomicLong streamAlerts;
    private final long alertsBefore;

    final LongAdder evaluations = new LongAdder();
    final LongAdder matches = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Time of sampled CEL runs (one in 64), each counted 64 times: an estimate of the time of all of them. */
    final LongAdder sampledNanos = new LongAdder();
    /** The stream's sequence number of the alert on which the filter last failed, and how many in a row had. */
    final AtomicLong lastFailure = new AtomicLong(-2);

    final AtomicLong failuresInARow = new AtomicLong();
    volatile String lastError;
    volatile boolean pausing;

    /** Counters of a filter on a stream whose alerts are counted by {@code streamAlerts}. */
    FilterCounters(AtomicLong streamAlerts) {
        this.streamAlerts = streamAlerts;
        this.alertsBefore = streamAlerts.get();
    }

    /** How many alerts of its stream have been matched since the filter went live here (by index or by CEL). */
    long seen() {
        return streamAlerts.get() - alertsBefore;
    }

    /**
     * Counts a failure on the alert with the given sequence number; returns how many alerts in a row, of all the
     * stream's alerts, the filter has now failed on (alerts the index ruled out count as successes).
     */
    long failedOn(long sequence, String error) {
        errors.increment();
        lastError = error;
        long previous = lastFailure.getAndSet(sequence);
        return previous == sequence - 1 ? failuresInARow.incrementAndGet() : resetTo(1);
    }

    void succeeded() {
        if (failuresInARow.get() != 0) {
            failuresInARow.set(0);
        }
    }

    private long resetTo(long value) {
        failuresInARow.set(value);
        return value;
    }
}
