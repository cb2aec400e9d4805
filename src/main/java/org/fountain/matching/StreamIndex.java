package org.fountain.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live filters of one stream, indexed by each filter's access predicate: the indexable conjunct estimated to let
 * through the fewest alerts. Per alert, one lookup per indexed field names the candidates:
 *
 * <ul>
 *   <li>{@code field <= c}: bounds sorted ascending; a value v selects the suffix of bounds {@code >= v};
 *   <li>{@code field >= c}: likewise the prefix of bounds {@code <= v};
 *   <li>{@code field == c}, {@code field in [...]}: a hash map from constant to filters;
 *   <li>{@code cone(...)}: the filters registered in the alert's {@link SkyGrid} cell;
 *   <li>filters with nothing indexable: always.
 * </ul>
 *
 * A value the index cannot judge (null, missing, another type) selects every filter indexed on that field: CEL then
 * decides, as it would have without the index. Every filter sits under exactly one access predicate, so no filter is
 * named twice. Immutable; rebuilt off the hot path.
 */
final class StreamIndex {

    /** Where a filter is filed: its access predicate (null: always), and for a cone the cells it may touch. */
    private record Access(CompiledFilter filter, Predicate predicate, int[] cells) {

        /** The structure it is filed in. */
        String slot() {
            if (predicate instanceof Predicate.Compare p) {
                return (p.atMost() ? "at-most:" : "at-least:") + p.field();
            } else if (predicate instanceof Predicate.OneOf p) {
                return "one-of:" + p.field();
            } else if (predicate instanceof Predicate.Range p) {
                return "range:" + p.field();
            } else if (predicate instanceof Predicate.Cone p) {
                return "cone:" + p.ra() + ":" + p.dec();
            }
            return "always";
        }
    }

    /**
     * Where every filter of the stream is filed, by id and by slot: kept up to date by the index's own thread as it
     * makes each new version, and read by nothing else (readers use only the immutable structures).
     */
    private static final class Registry {
        final Map<Long, Access> byId = new HashMap<>();
        final Map<String, Map<Long, Access>> bySlot = new HashMap<>();

        Access put(Access access) {
            Access old = byId.put(access.filter().id(), access);
            if (old != null) {
                remove(old);
            }
            bySlot.computeIfAbsent(access.slot(), s -> new java.util.LinkedHashMap<>())
                    .put(access.filter().id(), access);
            return old;
        }

        Access remove(long id) {
            Access old = byId.remove(id);
            if (old != null) {
                remove(old);
            }
            return old;
        }

        private void remove(Access old) {
            Map<Long, Access> slot = bySlot.get(old.slot());
            if (slot != null) {
                slot.remove(old.filter().id());
                if (slot.isEmpty()) {
                    bySlot.remove(old.slot());
                }
            }
        }
    }

    private final FieldRef[] fields;
    private final Registry registry;
    private final int size;
    private final Map<String, Object> structures;
    private final Thresholds[] atMost;
    private final Thresholds[] atLeast;
    private final Keys[] oneOf;
    private final Ranges[] ranges;
    private final Cells[] cones;
    private final Run always;

    private StreamIndex(FieldRef[] fields, Registry registry, Map<String, Object> structures) {
        this.fields = fields;
        this.registry = registry;
        this.size = registry.byId.size();
        this.structures = structures;
        List<Thresholds> upper = new ArrayList<>();
        List<Thresholds> lower = new ArrayList<>();
        List<Keys> keys = new ArrayList<>();
        List<Ranges> ranged = new ArrayList<>();
        List<Cells> cells = new ArrayList<>();
        Run everywhere = Run.EMPTY;
        for (Object structure : structures.values()) {
            if (structure instanceof Thresholds t) {
                (t.atMost ? upper : lower).add(t);
            } else if (structure instanceof Keys k) {
                keys.add(k);
            } else if (structure instanceof Ranges r) {
                ranged.add(r);
            } else if (structure instanceof Cells c) {
                cells.add(c);
            } else if (structure instanceof Run filters) {
                everywhere = filters;
            }
        }
        this.atMost = upper.toArray(Thresholds[]::new);
        this.atLeast = lower.toArray(Thresholds[]::new);
        this.oneOf = keys.toArray(Keys[]::new);
        this.ranges = ranged.toArray(Ranges[]::new);
        this.cones = cells.toArray(Cells[]::new);
        this.always = everywhere;
    }

    FieldRef[] fields() {
        return fields;
    }

    int size() {
        return size;
    }

    /** How many filters each kind of access predicate holds: {@code at-most}, {@code cone}, {@code always}, … */
    Map<String, Integer> accessCounts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Access access : registry.byId.values()) {
            String slot = access.slot();
            int colon = slot.indexOf(':');
            counts.merge(colon < 0 ? slot : slot.substring(0, colon), 1, Integer::sum);
        }
        return counts;
    }

    /** Takes the candidates the index names for an alert: filters {@code from .. to - 1} of a run. */
    interface Candidates {
        void offer(Run run, int from, int to);
    }

    /** Hands every candidate filter for the alert to {@code into}, each once. */
    void candidates(AlertFields alert, Candidates into) {
        for (Thresholds t : atMost) {
            t.candidates(alert.get(t.field), into);
        }
        for (Thresholds t : atLeast) {
            t.candidates(alert.get(t.field), into);
        }
        for (Keys k : oneOf) {
            k.candidates(alert.key(k.field), into);
        }
        for (Ranges r : ranges) {
            r.candidates(alert.get(r.field), into);
        }
        for (Cells c : cones) {
            c.candidates(alert.get(c.ra), alert.get(c.dec), into);
        }
        into.offer(always, 0, always.size());
    }

    /** Builds the index of a stream's filters, choosing each filter's access predicate from the estimates. */
    static StreamIndex build(Collection<CompiledFilter> filters, FieldRef[] fields, Estimates estimates) {
        return new StreamIndex(new FieldRef[0], new Registry(), Map.of()).with(List.of(), filters, fields, estimates);
    }

    /**
     * This index with some filters taken out and some (new or changed) put in: only the structures they leave or
     * join are rebuilt; the others are shared with this index, whose structures stay as they were for readers still
     * using it. Call it on the latest version only, from one thread.
     */
    StreamIndex with(
            Collection<Long> removed, Collection<CompiledFilter> added, FieldRef[] fields, Estimates estimates) {
        Set<String> touched = new HashSet<>();
        for (long id : removed) {
            Access old = registry.remove(id);
            if (old != null) {
                touched.add(old.slot());
            }
        }
        for (CompiledFilter filter : added) {
            Access access = choose(filter, estimates);
            Access old = registry.put(access);
            if (old != null) {
                touched.add(old.slot());
            }
            touched.add(access.slot());
        }
        Map<String, Object> rebuilt = new HashMap<>(structures);
        for (String slot : touched) {
            Map<Long, Access> members = registry.bySlot.get(slot);
            if (members == null || members.isEmpty()) {
                rebuilt.remove(slot);
            } else {
                rebuilt.put(slot, structure(List.copyOf(members.values()), estimates));
            }
        }
        return new StreamIndex(fields, registry, rebuilt);
    }

    /** The access predicate each filter would get under the estimates (null: always); callable on any thread. */
    static Map<Long, Predicate> choices(List<CompiledFilter> filters, Estimates estimates) {
        Map<Long, Predicate> chosen = new HashMap<>();
        for (CompiledFilter filter : filters) {
            chosen.put(filter.id(), choose(filter, estimates).predicate());
        }
        return chosen;
    }

    /** Those of the filters whose chosen access predicate differs from the one they are filed under now. */
    List<CompiledFilter> movedAmong(List<CompiledFilter> filters, Map<Long, Predicate> choices) {
        List<CompiledFilter> moved = new ArrayList<>();
        for (CompiledFilter filter : filters) {
            Access now = registry.byId.get(filter.id());
            if (now == null || !java.util.Objects.equals(now.predicate(), choices.get(filter.id()))) {
                moved.add(filter);
            }
        }
        return moved;
    }

    /** The access predicate estimated to let the fewest alerts through; none (always) when nothing is indexable. */
    private static Access choose(CompiledFilter filter, Estimates estimates) {
        Predicate access = null;
        double best = Double.MAX_VALUE;
        for (Predicate predicate : filter.predicates()) {
            double share = estimates.share(predicate);
            if (share <= 1 && share < best) {
                best = share;
                access = predicate;
            }
        }
        if (access instanceof Predicate.Cone cone) {
            int[] cells = SkyGrid.cellsOf(cone.ra0(), cone.dec0(), cone.radiusArcsec());
            return cells == null ? new Access(filter, null, null) : new Access(filter, access, cells);
        }
        return new Access(filter, access, null);
    }

    /** One structure from the filters filed in it (all of one slot). */
    private static Object structure(List<Access> members, Estimates estimates) {
        Predicate first = members.get(0).predicate();
        if (first instanceof Predicate.Compare c) {
            List<Bound> bounds = new ArrayList<>(members.size());
            for (Access a : members) {
                bounds.add(new Bound(((Predicate.Compare) a.predicate()).bound(), a.filter()));
            }
            return Thresholds.of(c.field(), c.atMost(), bounds);
        } else if (first instanceof Predicate.OneOf o) {
            Map<Object, List<CompiledFilter>> byKey = new HashMap<>();
            for (Access a : members) {
                for (Object key : ((Predicate.OneOf) a.predicate()).keys()) {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(a.filter());
                }
            }
            return Keys.of(o.field(), byKey);
        } else if (first instanceof Predicate.Range r) {
            List<Predicate.Range> ranges = new ArrayList<>(members.size());
            List<CompiledFilter> filters = new ArrayList<>(members.size());
            for (Access a : members) {
                ranges.add((Predicate.Range) a.predicate());
                filters.add(a.filter());
            }
            return Ranges.of(r.field(), estimates.boundaries(r.field()), ranges, filters);
        } else if (first instanceof Predicate.Cone c) {
            Map<Integer, List<CompiledFilter>> byCell = new HashMap<>();
            List<CompiledFilter> all = new ArrayList<>(members.size());
            for (Access a : members) {
                for (int cell : a.cells()) {
                    byCell.computeIfAbsent(cell, k -> new ArrayList<>()).add(a.filter());
                }
                all.add(a.filter());
            }
            return Cells.of(((long) c.ra() << 32) | c.dec(), byCell, all);
        }
        List<CompiledFilter> always = new ArrayList<>(members.size());
        for (Access a : members) {
            always.add(a.filter());
        }
        return Run.of(always);
    }

    private record Bound(double value, CompiledFilter filter) {}

    /** Filters by one bound on one field, sorted by bound. */
    private static final class Thresholds {
        final int field;
        final boolean atMost;
        final double[] bounds;
        final Run filters;

        private Thresholds(int field, boolean atMost, double[] bounds, Run filters) {
            this.field = field;
            this.atMost = atMost;
            this.bounds = bounds;
            this.filters = filters;
        }

        static Thresholds of(int field, boolean atMost, List<Bound> list) {
            Bound[] sorted = list.toArray(Bound[]::new);
            Arrays.sort(sorted, Comparator.comparingDouble(Bound::value));
            double[] bounds = new double[sorted.length];
            CompiledFilter[] filters = new CompiledFilter[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                bounds[i] = sorted[i].value();
                filters[i] = sorted[i].filter();
            }
            return new Thresholds(field, atMost, bounds, Run.of(Arrays.asList(filters)));
        }

        /** Upper bounds: those {@code >= v}, a suffix; lower bounds: those {@code <= v}, a prefix. */
        void candidates(Object value, Candidates into) {
            int from = 0;
            int to = filters.size();
            if (AlertFields.isNumber(value)) {
                double v = ((Number) value).doubleValue();
                if (Double.isNaN(v)) {
                    return;
                } else if (atMost) {
                    from = Buckets.below(bounds, v);
                } else {
                    to = Buckets.atOrBelow(bounds, v);
                }
            }
            into.offer(filters, from, to);
        }
    }

    /** Filters by the constants one field must equal; all of them when the alert's value cannot be judged. */
    private static final class Keys {
        final int field;
        final Map<Object, Run> byKey;
        final Map<Class<?>, Run> byKind;

        private Keys(int field, Map<Object, Run> byKey, Map<Class<?>, Run> byKind) {
            this.field = field;
            this.byKey = byKey;
            this.byKind = byKind;
        }

        static Keys of(int field, Map<Object, List<CompiledFilter>> lists) {
            Map<Object, Run> byKey = new HashMap<>();
            Map<Class<?>, java.util.LinkedHashSet<CompiledFilter>> kinds = new HashMap<>();
            lists.forEach((key, filters) -> {
                byKey.put(key, Run.of(filters));
                kinds.computeIfAbsent(key.getClass(), k -> new java.util.LinkedHashSet<>())
                        .addAll(filters);
            });
            Map<Class<?>, Run> byKind = new HashMap<>();
            kinds.forEach((kind, filters) -> byKind.put(kind, Run.of(filters)));
            return new Keys(field, byKey, byKind);
        }

        void candidates(Object key, Candidates into) {
            if (key == null) {
                byKind.values().forEach(filters -> accept(filters, into));
                return;
            }
            Run hits = byKey.get(key);
            if (hits != null) {
                accept(hits, into);
            }
            if (byKind.size() > 1 || !byKind.containsKey(key.getClass())) {
                // filters comparing with constants of another kind: CEL decides
                byKind.forEach((kind, filters) -> {
                    if (kind != key.getClass()) {
                        accept(filters, into);
                    }
                });
            }
        }
    }

    /** Filters by a range of one field, filed in the {@link Buckets} the range spans. */
    private static final class Ranges {
        final int field;
        final double[] boundaries;
        final Run[] byBucket;
        final Run all;

        private Ranges(int field, double[] boundaries, Run[] byBucket, Run all) {
            this.field = field;
            this.boundaries = boundaries;
            this.byBucket = byBucket;
            this.all = all;
        }

        static Ranges of(int field, double[] boundaries, List<Predicate.Range> ranges, List<CompiledFilter> filters) {
            List<List<CompiledFilter>> buckets = new ArrayList<>();
            for (int b = 0; b <= boundaries.length; b++) {
                buckets.add(new ArrayList<>());
            }
            for (int i = 0; i < ranges.size(); i++) {
                Predicate.Range range = ranges.get(i);
                int from = Buckets.atOrBelow(boundaries, range.lower().bound());
                int to = Buckets.atOrBelow(boundaries, range.upper().bound());
                for (int b = from; b <= to; b++) {
                    buckets.get(b).add(filters.get(i));
                }
            }
            Run[] byBucket = new Run[buckets.size()];
            for (int b = 0; b < byBucket.length; b++) {
                byBucket[b] = Run.of(buckets.get(b));
            }
            return new Ranges(field, boundaries, byBucket, Run.of(filters));
        }

        void candidates(Object value, Candidates into) {
            if (!AlertFields.isNumber(value)) {
                accept(all, into);
                return;
            }
            double v = ((Number) value).doubleValue();
            if (!Double.isNaN(v)) {
                accept(byBucket[Buckets.atOrBelow(boundaries, v)], into);
            }
        }
    }

    /** Cone filters on one pair of position fields, by the sky cells their cones may touch. */
    private static final class Cells {
        final int ra;
        final int dec;
        final Map<Integer, Run> byCell;
        final Run all;

        private Cells(int ra, int dec, Map<Integer, Run> byCell, Run all) {
            this.ra = ra;
            this.dec = dec;
            this.byCell = byCell;
            this.all = all;
        }

        static Cells of(long pair, Map<Integer, List<CompiledFilter>> lists, List<CompiledFilter> all) {
            Map<Integer, Run> byCell = new HashMap<>();
            lists.forEach((cell, filters) -> byCell.put(cell, Run.of(filters)));
            return new Cells((int) (pair >>> 32), (int) pair, byCell, Run.of(all));
        }

        void candidates(Object raValue, Object decValue, Candidates into) {
            if (!AlertFields.isDouble(raValue) || !AlertFields.isDouble(decValue)) {
                accept(all, into);
                return;
            }
            double ra = ((Number) raValue).doubleValue();
            double dec = ((Number) decValue).doubleValue();
            if (Double.isNaN(ra) || Double.isNaN(dec)) {
                return;
            }
            if (!SkyGrid.placeable(ra, dec)) {
                accept(all, into);
                return;
            }
            Run hits = byCell.get(SkyGrid.cellOf(ra, dec));
            if (hits != null) {
                accept(hits, into);
            }
        }
    }

    private static void accept(Run filters, Candidates into) {
        into.offer(filters, 0, filters.size());
    }
}
