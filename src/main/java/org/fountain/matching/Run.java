package org.fountain.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.fountain.filters.MatchedFilter;

/**
 * Filters filed together in one place of the index, with their numeric conjuncts ({@code field < c}, {@code field ==
 * c}, …) copied beside them into flat arrays. Most candidates are ruled out, or found to match, from these arrays
 * alone, read in order, without touching the filters themselves: with 100,000 filters the filters do not fit in the
 * processor's caches, the arrays of one run do. Immutable.
 */
final class Run {

    private static final byte LESS = 1;
    private static final byte AT_MOST = 2;
    private static final byte MORE = 3;
    private static final byte AT_LEAST = 4;
    private static final byte EQUAL = 5;
    private static final byte SAME_KEY = 6;

    static final Run EMPTY = of(List.of());

    private final CompiledFilter[] filters;
    /** Of each filter, what a match needs: its id, what is published, its counters (not to reach them through it). */
    private final long[] ids;

    private final MatchedFilter[] matched;
    private final FilterCounters[] counters;
    /** The checks of filter i are {@code start[i] .. start[i + 1] - 1}. */
    private final int[] start;

    private final int[] fields;
    private final double[] bounds;
    private final byte[] ops;
    /** For {@code field == 'text'} (or another key that is not a number): the key; else null. */
    private final Object[] keys;
    /**
     * The conjuncts of filter i the arrays do not check, cheapest first (null when none): read from here, so that the
     * filter object itself is touched only when CEL must run.
     */
    private final Predicate[][] rest;

    /** Whether filter i's conjuncts are the whole filter: then all of them true is a match, without CEL. */
    private final boolean[] complete;

    private Run(
            CompiledFilter[] filters,
            int[] start,
            int[] fields,
            double[] bounds,
            byte[] ops,
            Object[] keys,
            Predicate[][] rest) {
        this.filters = filters;
        this.keys = keys;
        this.ids = new long[filters.length];
        this.matched = new MatchedFilter[filters.length];
        this.counters = new FilterCounters[filters.length];
        for (int i = 0; i < filters.length; i++) {
            ids[i] = filters[i].id();
            matched[i] = filters[i].matched();
            counters[i] = filters[i].counters();
        }
        this.start = start;
        this.fields = fields;
        this.bounds = bounds;
        this.ops = ops;
        this.rest = rest;
        this.complete = new boolean[filters.length];
        for (int i = 0; i < filters.length; i++) {
            complete[i] = filters[i].complete();
        }
    }

    static Run of(Collection<CompiledFilter> filters) {
        CompiledFilter[] all = filters.toArray(CompiledFilter[]::new);
        int count = 0;
        for (CompiledFilter filter : all) {
            for (Predicate predicate : filter.conjuncts()) {
                count += op(predicate) == 0 ? 0 : 1;
            }
        }
        int[] start = new int[all.length + 1];
        int[] fields = new int[count];
        double[] bounds = new double[count];
        byte[] ops = new byte[count];
        Object[] keys = new Object[count];
        Predicate[][] rest = new Predicate[all.length][];
        int k = 0;
        for (int i = 0; i < all.length; i++) {
            start[i] = k;
            List<Predicate> unchecked = new ArrayList<>();
            for (Predicate predicate : all[i].conjuncts()) {
                byte op = op(predicate);
                if (op == EQUAL || op == SAME_KEY) {
                    Predicate.OneOf equal = (Predicate.OneOf) predicate;
                    Object key = equal.keys().iterator().next();
                    fields[k] = equal.field();
                    if (op == EQUAL) {
                        bounds[k] = (Double) key;
                    } else {
                        keys[k] = key;
                    }
                    ops[k++] = op;
                } else if (op != 0) {
                    Predicate.Compare compare = (Predicate.Compare) predicate;
                    fields[k] = compare.field();
                    bounds[k] = compare.bound();
                    ops[k++] = op;
                } else if (!(predicate instanceof Predicate.Range)) {
                    unchecked.add(predicate); // a range is its two compares, which are checked
                }
            }
            rest[i] = unchecked.isEmpty() ? null : unchecked.toArray(Predicate[]::new);
        }
        start[all.length] = k;
        return new Run(all, start, fields, bounds, ops, keys, rest);
    }

    /** The check a conjunct becomes, or 0 when it is not a numeric comparison with a constant. */
    private static byte op(Predicate predicate) {
        if (predicate instanceof Predicate.Compare c) {
            return c.upper() ? (c.strict() ? LESS : AT_MOST) : (c.strict() ? MORE : AT_LEAST);
        } else if (predicate instanceof Predicate.OneOf o && o.keys().size() == 1) {
            return o.kind() == Double.class ? EQUAL : SAME_KEY;
        }
        return 0;
    }

    int size() {
        return filters.length;
    }

    CompiledFilter filter(int i) {
        return filters[i];
    }

    /** Whether one of the filters has an id among {@code sortedIds}. */
    boolean holdsAny(long[] sortedIds) {
        for (long id : ids) {
            if (Arrays.binarySearch(sortedIds, id) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The filters, in order, but for those whose ids are among {@code sortedIds}. */
    List<CompiledFilter> without(long[] sortedIds) {
        List<CompiledFilter> kept = new ArrayList<>(filters.length);
        for (int i = 0; i < filters.length; i++) {
            if (Arrays.binarySearch(sortedIds, ids[i]) < 0) {
                kept.add(filters[i]);
            }
        }
        return kept;
    }

    long id(int i) {
        return ids[i];
    }

    MatchedFilter matched(int i) {
        return matched[i];
    }

    FilterCounters counters(int i) {
        return counters[i];
    }

    /**
     * What filter i's conjuncts say of the alert, read from this run's arrays: {@link Predicate#FALSE} when one is
     * false; {@link Predicate#TRUE} when all are true and are the whole filter (a match); else
     * {@link Predicate#UNKNOWN}: CEL decides.
     */
    int judge(int i, AlertFields alert) {
        boolean known = complete[i];
        for (int k = start[i], end = start[i + 1]; k < end; k++) {
            int field = fields[k];
            if (ops[k] == SAME_KEY) {
                Object key = alert.key(field);
                if (key == null || key.getClass() != keys[k].getClass()) {
                    known = false;
                } else if (!key.equals(keys[k])) {
                    return Predicate.FALSE;
                }
                continue;
            }
            if (!alert.hasNumber(field)) {
                known = false;
                continue;
            }
            double x = alert.number(field);
            double bound = bounds[k];
            boolean holds = switch (ops[k]) {
                case LESS -> x < bound;
                case AT_MOST -> x <= bound;
                case MORE -> x > bound;
                case AT_LEAST -> x >= bound;
                default -> x == bound;
            };
            if (!holds) {
                return Predicate.FALSE;
            }
        }
        Predicate[] others = rest[i];
        if (others != null) {
            for (Predicate predicate : others) {
                int truth = predicate.truth(alert);
                if (truth == Predicate.FALSE) {
                    return Predicate.FALSE;
                }
                known &= truth == Predicate.TRUE;
            }
        }
        return known ? Predicate.TRUE : Predicate.UNKNOWN;
    }
}
