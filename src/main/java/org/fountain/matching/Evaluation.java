package org.fountain.matching;

import dev.cel.runtime.CelVariableResolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.fountain.filters.MatchedFilter;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterEvaluationException;

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

    private static final int POSITION_BITS = 22;

    private static final Comparator<MatchedFilter> BY_ID = Comparator.comparingLong(MatchedFilter::id);

    private final GenericRecord record;
    private final AlertFields fields;
    private final long sequence;
    private final Failures failures;
    private MatchedFilter[] matched = new MatchedFilter[8];
    private long[] ids = new long[8];
    private int found;
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
        int n = found;
        if (n < 2) {
            return n == 0 ? List.of() : List.of(matched[0]);
        }
        // sorted as primitives, id and position packed into one long, where they fit
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            long id = ids[i];
            if (id < 0 || id >= 1L << (63 - POSITION_BITS) || n >= 1 << POSITION_BITS) {
                List<MatchedFilter> list =
                        new ArrayList<>(Arrays.asList(matched).subList(0, n));
                list.sort(BY_ID);
                return list;
            }
            packed[i] = id << POSITION_BITS | i;
        }
        Arrays.sort(packed);
        MatchedFilter[] byId = new MatchedFilter[n];
        for (int i = 0; i < n; i++) {
            byId[i] = matched[(int) (packed[i] & ((1 << POSITION_BITS) - 1))];
        }
        return Arrays.asList(byId);
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
                found(run.id(i), run.matched(i));
            } else if (judged == Predicate.UNKNOWN) {
                accept(run.filter(i));
            }
        }
    }

    /** One candidate whose numeric checks left it undecided. */
    void accept(CompiledFilter filter) {
        int decided = filter.decide(fields);
        if (decided == Predicate.FALSE) {
            return;
        }
        FilterCounters c = filter.counters();
        if (decided == Predicate.TRUE) {
            c.matched(1);
            c.succeeded();
            found(filter.id(), filter.matched());
            return;
        }
        if (values == null) {
            values = AlertValues.lazily(record);
        }
        c.evaluated();
        boolean timed = ((sequence ^ filter.id()) & (SAMPLE - 1)) == 0;
        long start = timed ? System.nanoTime() : 0;
        try {
            if (filter.program().matches(values)) {
                c.matched(1);
                found(filter.id(), filter.matched());
            }
            c.succeeded();
        } catch (FilterEvaluationException e) {
            failures.failedInARow(filter, c.failedOn(sequence, e.getMessage()), e.getMessage());
        } finally {
            if (timed) {
                c.sampled((System.nanoTime() - start) * SAMPLE);
            }
        }
    }

    private void found(long id, MatchedFilter filter) {
        if (found == ids.length) {
            ids = Arrays.copyOf(ids, found * 2);
            matched = Arrays.copyOf(matched, found * 2);
        }
        ids[found] = id;
        matched[found++] = filter;
    }
}
