package org.fountain.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.MatchedFilter;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterEvaluationException;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.simulator.MockAlerts;
import org.fountain.simulator.RubinPackets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The judge of the index: over 10,000 random filters in a realistic grammar and 10,000 testbed alerts (ZTF- and
 * Rubin-shaped, some with nulls, NaN and negative zero), indexed matching returns exactly what evaluating every filter
 * returns, and fails on exactly the same (filter, alert) pairs: with access predicates chosen from values seen, and
 * (on the first alerts) from priors alone, and by an index brought to the same filters through hundreds of small
 * changes (filters added, removed and put back in random batches, as saves do). Seeded: a failure names the seed and
 * reproduces.
 */
class IndexedMatchingExactnessTest {

    private static final long SEED = 20261126L;
    private static final int FILTERS_PER_STREAM = 5_000;
    private static final int ALERTS = 10_000;
    /** Alerts of each stream also matched with access predicates chosen from priors alone. */
    private static final int PRIOR_ALERTS = 1_500;

    private static List<Alert> alerts;

    @BeforeAll
    static void makeAlerts() {
        alerts = TestbedAlerts.decoded(ALERTS, SEED);
        TestbedAlerts.spoil(alerts, SEED);
    }

    /** What matched and what failed; {@code repeated} the filters matched more than once (the index names each once). */
    private record Outcome(Set<Long> matched, Set<Long> failed, Set<Long> repeated) {}

    private record Built(List<CompiledFilter> filters, FieldIds ids) {}

    @Test
    void indexedMatchingEqualsEvaluatingEveryFilter() {
        long pairs = checkStream("ztf") + checkStream("lsst");
        assertThat(pairs).isGreaterThanOrEqualTo((long) ALERTS * FILTERS_PER_STREAM);
    }

    /** Checks one stream's filters on its alerts, with access predicates from priors and from learnt values. */
    private long checkStream(String stream) {
        List<Alert> ofStream =
                alerts.stream().filter(a -> a.stream().equals(stream)).toList();
        List<GenericRecord> examples =
                ofStream.stream().limit(500).map(Alert::record).toList();
        FilterLanguage language =
                new FilterLanguage(stream.equals("ztf") ? MockAlerts.schema() : RubinPackets.schema());
        FilterGenerator generator =
                stream.equals("ztf") ? FilterGenerator.ztf(SEED, examples) : FilterGenerator.lsst(SEED + 1, examples);
        Built built = compile(language, generator, stream);
        assertThat(built.filters()).hasSize(FILTERS_PER_STREAM);

        FieldRef[] fields = built.ids().all();
        Samples none = new Samples();
        none.ensure(fields.length);
        Samples learnt = new Samples();
        learnt.ensure(fields.length);
        for (Alert alert : ofStream.subList(0, Math.min(4000, ofStream.size()))) {
            for (int i = 0; i < 8; i++) {
                learnt.offer(new AlertFields(alert.record(), fields));
            }
        }
        StreamIndex fromPriors = StreamIndex.build(built.filters(), fields, new Estimates(none));
        StreamIndex fromValues = StreamIndex.build(built.filters(), fields, new Estimates(learnt));
        assertThat(fromValues.accessCounts()).containsKeys("at-most", "at-least", "one-of", "cone", "always");
        assertThat(fromValues.accessCounts()).isNotEqualTo(fromPriors.accessCounts());
        StreamIndex changed = changeByChange(built.filters(), fields, new Estimates(none), new Estimates(learnt));
        assertThat(changed.size()).isEqualTo(built.filters().size());

        AtomicLong matches = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<String> disagreements = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, ofStream.size()).parallel().forEach(i -> {
            GenericRecord record = ofStream.get(i).record();
            Outcome expected = evaluateEvery(built.filters(), record);
            matches.addAndGet(expected.matched().size());
            failures.addAndGet(expected.failed().size());
            compare(expected, evaluateIndexed(fromValues, record, i), "learnt", stream, i, disagreements);
            compare(expected, evaluateIndexed(changed, record, i), "changed", stream, i, disagreements);
            if (i < PRIOR_ALERTS) {
                compare(expected, evaluateIndexed(fromPriors, record, i), "prior", stream, i, disagreements);
            }
        });
        assertThat(disagreements).as("disagreements (seed %d)", SEED).isEmpty();
        long evaluations = 0;
        for (CompiledFilter filter : built.filters()) {
            evaluations += filter.counters().evaluations();
        }
        long pairs = (long) ofStream.size() * built.filters().size();
        // the comparison means something only if both outcomes happen often, and the index spares evaluations
        assertThat(matches.get()).as("matches among %d pairs", pairs).isGreaterThan(pairs / 1000);
        assertThat(failures.get()).as("failures among %d pairs", pairs).isGreaterThan(pairs / 10_000);
        assertThat(evaluations)
                .as("CEL runs of two indexes among %d pairs", pairs)
                .isLessThan(pairs);
        return pairs;
    }

    /**
     * An index of the filters reached through many small changes from a tenth of them: random batches added, removed
     * and put back, under either estimates, so that chunks are rebuilt, split, emptied and cut again.
     */
    private static StreamIndex changeByChange(
            List<CompiledFilter> filters, FieldRef[] fields, Estimates priors, Estimates learnt) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(SEED);
        List<CompiledFilter> waiting = new ArrayList<>(filters);
        Collections.shuffle(waiting, new java.util.Random(SEED));
        List<CompiledFilter> live = new ArrayList<>(waiting.subList(0, filters.size() / 10));
        waiting = new ArrayList<>(waiting.subList(live.size(), waiting.size()));
        StreamIndex index = StreamIndex.build(live, fields, priors);
        int changes = 0;
        while (!waiting.isEmpty() || changes < 300) {
            Estimates estimates = random.nextBoolean() ? priors : learnt;
            List<Long> removed = new ArrayList<>();
            List<CompiledFilter> added = new ArrayList<>();
            int kind = random.nextInt(3);
            if (kind == 0 && !waiting.isEmpty()) {
                // new filters
                for (int n = 1 + random.nextInt(40); n > 0 && !waiting.isEmpty(); n--) {
                    added.add(waiting.remove(waiting.size() - 1));
                }
            } else if (kind == 1 && changes < 300 && live.size() > 10) {
                // deleted or paused: they come back later
                for (int n = 1 + random.nextInt(30); n > 0 && live.size() > 1; n--) {
                    CompiledFilter gone = live.remove(random.nextInt(live.size()));
                    removed.add(gone.id());
                    waiting.add(gone);
                }
            } else if (!live.isEmpty()) {
                // saved again: out and in within one change
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    CompiledFilter saved = live.get(random.nextInt(live.size()));
                    removed.add(saved.id());
                    added.add(saved);
                }
            }
            live.addAll(added.stream().filter(f -> !removed.contains(f.id())).toList());
            index = index.with(removed, added, fields, estimates);
            changes++;
        }
        return index;
    }

    private static void compare(
            Outcome expected, Outcome actual, String estimates, String stream, int alert, List<String> disagreements) {
        if (!expected.equals(actual) && disagreements.size() < 20) {
            disagreements.add(String.format(
                    "%s alert %d, %s index: only every-filter matched %s, only indexed matched %s,"
                            + " only every-filter failed %s, only indexed failed %s, matched more than once %s",
                    stream,
                    alert,
                    estimates,
                    minus(expected.matched(), actual.matched()),
                    minus(actual.matched(), expected.matched()),
                    minus(expected.failed(), actual.failed()),
                    minus(actual.failed(), expected.failed()),
                    actual.repeated()));
        }
    }

    private static Set<Long> minus(Set<Long> a, Set<Long> b) {
        Set<Long> difference = new java.util.TreeSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    private static Outcome evaluateIndexed(StreamIndex index, GenericRecord record, int sequence) {
        Set<Long> failed = new java.util.HashSet<>();
        Evaluation evaluation =
                new Evaluation(record, index, sequence, (filter, inARow, error) -> failed.add(filter.id()));
        index.candidates(evaluation.fields(), evaluation);
        Set<Long> matched = new java.util.HashSet<>();
        Set<Long> repeated = new java.util.HashSet<>();
        for (MatchedFilter m : evaluation.matched()) {
            if (!matched.add(m.id())) {
                repeated.add(m.id());
            }
        }
        return new Outcome(matched, failed, repeated);
    }

    private static Outcome evaluateEvery(List<CompiledFilter> filters, GenericRecord record) {
        Map<String, Object> values = AlertValues.of(record);
        Set<Long> matched = new java.util.HashSet<>();
        Set<Long> failed = new java.util.HashSet<>();
        for (CompiledFilter filter : filters) {
            try {
                if (filter.program().matches(values)) {
                    matched.add(filter.id());
                }
            } catch (FilterEvaluationException e) {
                failed.add(filter.id());
            }
        }
        return new Outcome(matched, failed, Set.of());
    }

    private static Built compile(FilterLanguage language, FilterGenerator generator, String stream) {
        FieldIds ids = new FieldIds();
        List<CompiledFilter> filters = new ArrayList<>();
        long id = stream.equals("ztf") ? 1 : 1_000_000;
        while (filters.size() < FILTERS_PER_STREAM) {
            String expression = generator.next();
            try {
                filters.add(TestFilters.compile(language, ids, id++, stream, expression));
            } catch (InvalidFilterException e) {
                throw new AssertionError("the generator wrote a filter that does not compile: " + expression, e);
            }
        }
        return new Built(Collections.unmodifiableList(filters), ids);
    }
}
