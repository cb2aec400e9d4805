package org.fountain.matching;

import dev.cel.runtime.CelVariableResolver;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.fountain.filters.MatchedFilter;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterEvaluationException;
import org.jspecify.annotations.Nullable;

/**
 * One alert's way through the candidates the index names: each candidate's indexable conjuncts are checked on the raw
 * field values, and CEL runs only on those left, with values converted when the filter first reads them. Counts every
 * evaluation, match and failure on the filter's counters. One per alert, on one thread.
 */
final class Evaluation implements StreamIndex.Candidates {

    /** Told when a filter has failed on this many alerts in a row. */
    interface Failures {
        void failedInARow(CompiledFilter filter, long inARow, String error);
    }

    /** One CEL run in this many is timed. */
    private static final int SAMPLE = 64;

    private final GenericRecord record;
    private final AlertFields fields;
    private final long sequence;
    private final Failures failures;
    private MatchedFilter[] matched = new MatchedFilter[8];
    private int found;
    private @Nullable CelVariableResolver values;
    private int candidates;

    Evaluation(GenericRecord record, StreamIndex index, long sequence, Failures failures) {
        this.record = record;
        this.fields = new AlertFields(record, index.fields());
        this.sequence = sequence;
        this.failures = failures;
    }

    AlertFields fields() {
        return fields;
    }

    /**
     * The filters matched so far, each once, in the order the index named them (not sorted: with hundreds of matches
     * an alert, sorting them cost more than finding them).
     */
    List<MatchedFilter> matched() {
        return found == 0 ? List.of() : Arrays.asList(Arrays.copyOf(matched, found));
    }

    /** How many candidates the index named. */
    int candidates() {
        return candidates;
    }

    @Override
    public void offer(Run run, int from, int to) {
        candidates += to - from;
        for (int i = from; i < to; i++) {
            int judged = run.judge(i, fields);
            if (judged == Predicate.TRUE) {
                FilterCounters c = run.counters(i);
                c.matched(1);
                c.succeeded();
                found(run.matched(i));
            } else if (judged == Predicate.UNKNOWN) {
                accept(run.filter(i));
            }
        }
    }

    /** One candidate whose conjuncts left it undecided: CEL decides. */
    private void accept(CompiledFilter filter) {
        FilterCounters c = filter.counters();
        if (values == null) {
            values = AlertValues.lazily(record);
        }
        c.evaluated();
        boolean timed = ((sequence ^ filter.id()) & (SAMPLE - 1)) == 0;
        long start = timed ? System.nanoTime() : 0;
        try {
            if (filter.program().matches(values)) {
                c.matched(1);
                found(filter.matched());
            }
            c.succeeded();
        } catch (FilterEvaluationException e) {
            String error = String.valueOf(e.getMessage());
            failures.failedInARow(filter, c.failedOn(sequence, error), error);
        } finally {
            if (timed) {
                c.sampled((System.nanoTime() - start) * SAMPLE);
            }
        }
    }

    private void found(MatchedFilter filter) {
        if (found == matched.length) {
            matched = Arrays.copyOf(matched, found * 2);
        }
        matched[found++] = filter;
    }
}
