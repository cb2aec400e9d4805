package org.fountain.matching;

import java.util.Comparator;
import java.util.List;
import org.fountain.filters.Filter;
import org.fountain.filters.MatchedFilter;
import org.fountain.filters.language.FilterProgram;

/**
 * A live filter as the matcher holds it: the stored filter, its compiled program, the conjuncts the index
 * understands, and its counters. Immutable but for the counters.
 */
final class CompiledFilter {

    private final Filter filter;
    private final MatchedFilter matched;
    private final FilterProgram program;
    private final Predicate[] predicates;
    private final boolean complete;
    private final FilterCounters counters;

    CompiledFilter(Filter filter, FilterProgram program, Conjuncts.Analysis analysis, FilterCounters counters) {
        this.filter = filter;
        this.matched = new MatchedFilter(filter.id(), filter.name(), filter.owner(), filter.kafkaOutput());
        this.program = program;
        this.predicates = analysis.predicates().stream()
                .sorted(Comparator.comparingInt(CompiledFilter::cost))
                .toArray(Predicate[]::new);
        this.complete = analysis.complete();
        this.counters = counters;
    }

    /** Cheap conjuncts first, so that a false one spares the others: a loop over the history comes last. */
    private static int cost(Predicate predicate) {
        if (predicate instanceof Predicate.Shared shared) {
            return cost(shared.inner());
        }
        if (predicate instanceof Predicate.Each) {
            return 2;
        }
        return predicate instanceof Predicate.Compare
                        || predicate instanceof Predicate.OneOf
                        || predicate instanceof Predicate.Range
                ? 0
                : 1;
    }

    long id() {
        return filter.id();
    }

    Filter filter() {
        return filter;
    }

    MatchedFilter matched() {
        return matched;
    }

    FilterProgram program() {
        return program;
    }

    /** The conjuncts, cheapest first, as held (not to be changed). */
    Predicate[] conjuncts() {
        return predicates;
    }

    List<Predicate> predicates() {
        return List.of(predicates);
    }

    Conjuncts.Analysis analysis() {
        return new Conjuncts.Analysis(predicates(), complete);
    }

    /** Whether the indexable conjuncts are the whole filter. */
    boolean complete() {
        return complete;
    }

    FilterCounters counters() {
        return counters;
    }
}
