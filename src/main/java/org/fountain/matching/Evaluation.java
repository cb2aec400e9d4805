package org.fountain.matching;

import dev.cel.runtime.CelVariableResolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.fountain.filters.MatchedFilter;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterEvaluationException;

/**
 * One alert's way through the candidates the index names: each candidate's indexable conjuncts are checked on the raw
 * field values, and CEL runs only on those left, with values converted when the filter first reads them. Counts every
 * evaluation, match and failure on the filter's counters. One per alert, on one thread.
 */
final class Evaluation implements Consumer<CompiledFilter> {

    /** Told when a filter has failed on this many alerts in a row. */
    interface Failures {
        void failedInARow(CompiledFilter filter, long inARow, String error);
    }

    /** One CEL run in this many is timed. */
    private static final int SAMPLE = 64;

    private static final Comparator<MatchedFilter> BY_ID = Comparator.comparingLong(MatchedFilter::id);

    private final GenericRecord record;
    private final AlertFields fields;
    private final long sequence;
    private final Failures failures;
    private final List<MatchedFilter> matched = new ArrayList<>(2);
    private CelVariableResolver values;
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

    /** The filters matched so far, by id. */
    List<MatchedFilter> matched() {
        if (matched.size() > 1) {
            matched.sort(BY_ID);
        }
        return matched;
    }

    /** How many candidates the index named. */
    int candidates() {
        return candidates;
    }

    @Override
    public void accept(CompiledFilter filter) {
        candidates++;
        int decided = filter.decide(fields);
        if (decided == Predicate.FALSE) {
            return;
        }
        FilterCounters c = filter.counters();
        if (decided == Predicate.TRUE) {
            c.matches.increment();
            matched.add(filter.matched());
            c.succeeded();
            return;
        }
        if (values == null) {
            values = AlertValues.lazily(record);
        }
        c.evaluations.increment();
        boolean timed = ((sequence ^ filter.id()) & (SAMPLE - 1)) == 0;
        long start = timed ? System.nanoTime() : 0;
        try {
            if (filter.program().matches(values)) {
                c.matches.increment();
                matched.add(filter.matched());
            }
            c.succeeded();
        } catch (FilterEvaluationException e) {
            failures.failedInARow(filter, c.failedOn(sequence, e.getMessage()), e.getMessage());
        } finally {
            if (timed) {
                c.sampledNanos.add((System.nanoTime() - start) * SAMPLE);
            }
        }
    }
}
