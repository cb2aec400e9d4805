package org.fountain.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

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
    record Access(CompiledFilter filter, @Nullable Predicate predicate, int @Nullable [] cells) {

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
     * Where every filter of the stream is filed, by id: kept up to date by the index's own thread as it makes each new
     * version, and read by nothing else (readers use only the immutable places).
     */
    private static final class Registry {
        final Map<Long, Access> byId = new HashMap<>();
    }

    private final FieldRef[] fields;
    private final Registry registry;
    private final int size;
    private final Map<String, Place> places;
    private final Place.Thresholds[] atMost;
    private final Place.Thresholds[] atLeast;
    private final Place.Keys[] oneOf;
    private final Place.Ranges[] ranges;
    private final Place.Cells[] cones;
    private final Runs always;

    private StreamIndex(FieldRef[] fields, Registry registry, Map<String, Place> places) {
        this.fields = fields;
        this.registry = registry;
        this.size = registry.byId.size();
        this.places = places;
        List<Place.Thresholds> upper = new ArrayList<>();
        List<Place.Thresholds> lower = new ArrayList<>();
        List<Place.Keys> keys = new ArrayList<>();
        List<Place.Ranges> ranged = new ArrayList<>();
        List<Place.Cells> cells = new ArrayList<>();
        Runs everywhere = Runs.EMPTY;
        for (Place place : places.values()) {
            if (place instanceof Place.Thresholds t) {
                (t.atMost ? upper : lower).add(t);
            } else if (place instanceof Place.Keys k) {
                keys.add(k);
            } else if (place instanceof Place.Ranges r) {
                ranged.add(r);
            } else if (place instanceof Place.Cells c) {
                cells.add(c);
            } else if (place instanceof Place.Always a) {
                everywhere = a.filters;
            }
        }
        this.atMost = upper.toArray(Place.Thresholds[]::new);
        this.atLeast = lower.toArray(Place.Thresholds[]::new);
        this.oneOf = keys.toArray(Place.Keys[]::new);
        this.ranges = ranged.toArray(Place.Ranges[]::new);
        this.cones = cells.toArray(Place.Cells[]::new);
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
        Map<String, Integer> counts = new TreeMap<>();
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
        for (Place.Thresholds t : atMost) {
            t.candidates(alert.get(t.field), into);
        }
        for (Place.Thresholds t : atLeast) {
            t.candidates(alert.get(t.field), into);
        }
        for (Place.Keys k : oneOf) {
            k.candidates(alert.key(k.field), into);
        }
        for (Place.Ranges r : ranges) {
            r.candidates(alert.get(r.field), into);
        }
        for (Place.Cells c : cones) {
            c.candidates(alert.get(c.ra), alert.get(c.dec), into);
        }
        always.offer(into);
    }

    /** Builds the index of a stream's filters, choosing each filter's access predicate from the estimates. */
    static StreamIndex build(Collection<CompiledFilter> filters, FieldRef[] fields, Estimates estimates) {
        return new StreamIndex(new FieldRef[0], new Registry(), Map.of()).with(List.of(), filters, fields, estimates);
    }

    /**
     * This index with some filters taken out and some (new or changed) put in: only the chunks of the places they
     * leave or join are rebuilt; the rest is shared with this index, which stays as it was for readers still using
     * it. Call it on the latest version only, from one thread.
     */
    StreamIndex with(
            Collection<Long> removed, Collection<CompiledFilter> added, FieldRef[] fields, Estimates estimates) {
        Map<String, List<Access>> gone = new HashMap<>();
        Map<String, Map<Long, Access>> come = new HashMap<>();
        for (long id : removed) {
            leave(registry.byId.remove(id), gone, come);
        }
        for (CompiledFilter filter : added) {
            Access access = choose(filter, estimates);
            leave(registry.byId.put(filter.id(), access), gone, come);
            come.computeIfAbsent(access.slot(), s -> new LinkedHashMap<>()).put(filter.id(), access);
        }
        Set<String> touched = new HashSet<>(gone.keySet());
        touched.addAll(come.keySet());
        Map<String, Place> rebuilt = new HashMap<>(places);
        for (String slot : touched) {
            List<Access> leaving = gone.getOrDefault(slot, List.of());
            List<Access> joining = List.copyOf(come.getOrDefault(slot, Map.of()).values());
            Place place = places.get(slot);
            if (leaving.isEmpty() && joining.isEmpty()) {
                continue;
            } else if (place == null) {
                place = Place.empty(joining.isEmpty() ? leaving.get(0) : joining.get(0), estimates);
            }
            long[] ids = new long[leaving.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = leaving.get(i).filter().id();
            }
            Arrays.sort(ids);
            Place now = place.with(ids, leaving, joining);
            if (now == null) {
                rebuilt.remove(slot);
            } else {
                rebuilt.put(slot, now);
            }
        }
        return new StreamIndex(fields, registry, rebuilt);
    }

    /**
     * Notes that a filter leaves where it was filed: from a place it is in, or, when it was filed earlier in this
     * same change, from those about to join.
     */
    private static void leave(
            @Nullable Access old, Map<String, List<Access>> gone, Map<String, Map<Long, Access>> come) {
        if (old == null) {
            return;
        }
        Map<Long, Access> joining = come.get(old.slot());
        if (joining != null && joining.get(old.filter().id()) == old) {
            joining.remove(old.filter().id());
        } else {
            gone.computeIfAbsent(old.slot(), s -> new ArrayList<>()).add(old);
        }
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
            if (now == null || !Objects.equals(now.predicate(), choices.get(filter.id()))) {
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
}
