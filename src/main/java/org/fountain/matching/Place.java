package org.fountain.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One structure of a {@link StreamIndex}: the filters filed under one kind of access predicate on one field (or pair
 * of position fields). Immutable; {@link #with} makes the structure with some filters gone and some come, rebuilding
 * only the chunks they touch and sharing the rest, so a change costs about the same however many filters are live.
 */
sealed interface Place {

    /** This place without {@code gone} (ids sorted in {@code goneIds}) and with {@code come}; null when left empty. */
    @Nullable
    Place with(long[] goneIds, List<StreamIndex.Access> gone, List<StreamIndex.Access> come);

    /** A new, empty place for the slot of {@code first}. */
    static Place empty(StreamIndex.Access first, Estimates estimates) {
        Predicate access = first.predicate();
        if (access instanceof Predicate.Compare c) {
            return new Thresholds(c.field(), c.atMost(), new Thresholds.Chunk[0]);
        } else if (access instanceof Predicate.OneOf o) {
            return new Keys(o.field(), Map.of(), Map.of());
        } else if (access instanceof Predicate.Range r) {
            double[] boundaries = estimates.boundaries(r.field());
            Runs[] buckets = new Runs[boundaries.length + 1];
            Arrays.fill(buckets, Runs.EMPTY);
            return new Ranges(r.field(), boundaries, buckets, Runs.EMPTY);
        } else if (access instanceof Predicate.Cone c) {
            return new Cells(c.ra(), c.dec(), new Runs[(SkyGrid.cellCount() >>> Cells.PAGE_BITS) + 1][], Runs.EMPTY);
        }
        return new Always(Runs.EMPTY);
    }

    private static List<CompiledFilter> filtersOf(List<StreamIndex.Access> accesses) {
        List<CompiledFilter> filters = new ArrayList<>(accesses.size());
        for (StreamIndex.Access access : accesses) {
            filters.add(access.filter());
        }
        return filters;
    }

    private static long[] sorted(List<Long> ids) {
        long[] sorted = new long[ids.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = ids.get(i);
        }
        Arrays.sort(sorted);
        return sorted;
    }

    /** What changes in each part of a place, by part: the ids that leave it and the filters that join it. */
    final class Changes<K> {
        final Map<K, List<Long>> gone = new HashMap<>();
        final Map<K, List<CompiledFilter>> come = new HashMap<>();

        void leave(K part, long id) {
            gone.computeIfAbsent(part, k -> new ArrayList<>()).add(id);
        }

        void join(K part, CompiledFilter filter) {
            come.computeIfAbsent(part, k -> new ArrayList<>()).add(filter);
        }

        Set<K> parts() {
            Set<K> parts = new HashSet<>(gone.keySet());
            parts.addAll(come.keySet());
            return parts;
        }

        Runs apply(K part, @Nullable Runs runs) {
            return (runs == null ? Runs.EMPTY : runs)
                    .with(sorted(gone.getOrDefault(part, List.of())), come.getOrDefault(part, List.of()));
        }
    }

    /**
     * Filters by one bound on one field, sorted by bound and cut into chunks of consecutive bounds: an alert's value
     * selects, for upper bounds, those {@code >= v} (a suffix), for lower bounds those {@code <= v} (a prefix).
     */
    final class Thresholds implements Place {

        /** Consecutive bounds, sorted, and their filters in the same order. */
        record Chunk(double[] bounds, Run filters) {
            double last() {
                return bounds[bounds.length - 1];
            }
        }

        private record Bound(double value, CompiledFilter filter) {}

        final int field;
        final boolean atMost;
        private final Chunk[] chunks;

        Thresholds(int field, boolean atMost, Chunk[] chunks) {
            this.field = field;
            this.atMost = atMost;
            this.chunks = chunks;
        }

        @Override
        public @Nullable Place with(long[] goneIds, List<StreamIndex.Access> gone, List<StreamIndex.Access> come) {
            int slots = Math.max(1, chunks.length);
            List<List<Bound>> joining = new ArrayList<>(slots);
            boolean[] dirty = new boolean[slots];
            for (int c = 0; c < slots; c++) {
                joining.add(new ArrayList<>());
                dirty[c] = c < chunks.length
                        && goneIds.length > 0
                        && chunks[c].filters().holdsAny(goneIds);
            }
            for (StreamIndex.Access access : come) {
                double bound = ((Predicate.Compare) Objects.requireNonNull(access.predicate())).bound();
                // the first chunk reaching the bound takes it (the last chunk one beyond every bound): order holds
                int c = Math.min(firstEndingAtOrAfter(bound), slots - 1);
                joining.get(c).add(new Bound(bound, access.filter()));
                dirty[c] = true;
            }
            List<Chunk> rebuilt = new ArrayList<>(chunks.length + 1);
            int total = 0;
            for (int c = 0; c < slots; c++) {
                if (!dirty[c]) {
                    rebuilt.add(chunks[c]);
                    total += chunks[c].bounds().length;
                    continue;
                }
                List<Bound> members = new ArrayList<>();
                if (c < chunks.length) {
                    members.addAll(membersOf(chunks[c], goneIds));
                }
                members.addAll(joining.get(c));
                members.sort(Comparator.comparingDouble(Bound::value));
                total += members.size();
                cut(members, rebuilt);
            }
            if (rebuilt.size() > 2 + 2 * (total / Runs.CHUNK)) {
                // removals have left many part-empty chunks: cut everything again
                List<Bound> members = new ArrayList<>(total);
                for (Chunk chunk : rebuilt) {
                    members.addAll(membersOf(chunk, new long[0]));
                }
                rebuilt.clear();
                cut(members, rebuilt);
            }
            return rebuilt.isEmpty() ? null : new Thresholds(field, atMost, rebuilt.toArray(Chunk[]::new));
        }

        private static List<Bound> membersOf(Chunk chunk, long[] goneIds) {
            List<Bound> members = new ArrayList<>(chunk.bounds().length);
            for (int i = 0; i < chunk.bounds().length; i++) {
                CompiledFilter filter = chunk.filters().filter(i);
                if (goneIds.length == 0 || Arrays.binarySearch(goneIds, filter.id()) < 0) {
                    members.add(new Bound(chunk.bounds()[i], filter));
                }
            }
            return members;
        }

        /** Sorted bounds as chunks: one when they are few, else pieces of about {@link Runs#CHUNK}. */
        private static void cut(List<Bound> members, List<Chunk> into) {
            if (members.isEmpty()) {
                return;
            }
            int pieces = members.size() <= 2 * Runs.CHUNK ? 1 : (members.size() + Runs.CHUNK - 1) / Runs.CHUNK;
            for (int p = 0; p < pieces; p++) {
                into.add(chunkOf(members.subList(p * members.size() / pieces, (p + 1) * members.size() / pieces)));
            }
        }

        private static Chunk chunkOf(List<Bound> members) {
            double[] bounds = new double[members.size()];
            List<CompiledFilter> filters = new ArrayList<>(members.size());
            for (int i = 0; i < bounds.length; i++) {
                bounds[i] = members.get(i).value();
                filters.add(members.get(i).filter());
            }
            return new Chunk(bounds, Run.of(filters));
        }

        /** The first chunk whose last bound is {@code >= bound}, or the number of chunks. */
        private int firstEndingAtOrAfter(double bound) {
            int low = 0;
            int high = chunks.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (chunks[mid].last() < bound) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        void candidates(@Nullable Object value, StreamIndex.Candidates into) {
            if (!AlertFields.isNumber(value)) {
                for (Chunk chunk : chunks) {
                    into.offer(chunk.filters(), 0, chunk.filters().size());
                }
                return;
            }
            double v = ((Number) value).doubleValue();
            if (Double.isNaN(v)) {
                return;
            }
            if (atMost) {
                for (Chunk chunk : chunks) {
                    double[] bounds = chunk.bounds();
                    if (bounds[bounds.length - 1] >= v) {
                        into.offer(chunk.filters(), bounds[0] >= v ? 0 : Buckets.below(bounds, v), bounds.length);
                    }
                }
            } else {
                for (Chunk chunk : chunks) {
                    double[] bounds = chunk.bounds();
                    if (bounds[0] > v) {
                        return;
                    }
                    into.offer(
                            chunk.filters(),
                            0,
                            bounds[bounds.length - 1] <= v ? bounds.length : Buckets.atOrBelow(bounds, v));
                }
            }
        }
    }

    /** Filters by the constants one field must equal; all of them when the alert's value cannot be judged. */
    final class Keys implements Place {
        final int field;
        private final Map<Object, Runs> byKey;
        private final Map<Class<?>, Runs> byKind;

        Keys(int field, Map<Object, Runs> byKey, Map<Class<?>, Runs> byKind) {
            this.field = field;
            this.byKey = byKey;
            this.byKind = byKind;
        }

        @Override
        public @Nullable Place with(long[] goneIds, List<StreamIndex.Access> gone, List<StreamIndex.Access> come) {
            Changes<Object> keys = new Changes<>();
            Changes<Class<?>> kinds = new Changes<>();
            for (StreamIndex.Access access : gone) {
                Predicate.OneOf oneOf = (Predicate.OneOf) Objects.requireNonNull(access.predicate());
                oneOf.keys().forEach(key -> keys.leave(key, access.filter().id()));
                kinds.leave(oneOf.kind(), access.filter().id());
            }
            for (StreamIndex.Access access : come) {
                Predicate.OneOf oneOf = (Predicate.OneOf) Objects.requireNonNull(access.predicate());
                oneOf.keys().forEach(key -> keys.join(key, access.filter()));
                kinds.join(oneOf.kind(), access.filter());
            }
            Map<Object, Runs> newKeys = new HashMap<>(byKey);
            for (Object key : keys.parts()) {
                put(newKeys, key, keys.apply(key, byKey.get(key)));
            }
            Map<Class<?>, Runs> newKinds = new HashMap<>(byKind);
            for (Class<?> kind : kinds.parts()) {
                put(newKinds, kind, kinds.apply(kind, byKind.get(kind)));
            }
            return newKinds.isEmpty() ? null : new Keys(field, newKeys, newKinds);
        }

        private static <K> void put(Map<K, Runs> map, K key, Runs runs) {
            if (runs.isEmpty()) {
                map.remove(key);
            } else {
                map.put(key, runs);
            }
        }

        void candidates(@Nullable Object key, StreamIndex.Candidates into) {
            if (key == null) {
                byKind.values().forEach(filters -> filters.offer(into));
                return;
            }
            Runs hits = byKey.get(key);
            if (hits != null) {
                hits.offer(into);
            }
            if (byKind.size() > 1 || !byKind.containsKey(key.getClass())) {
                // filters comparing with constants of another kind: CEL decides
                byKind.forEach((kind, filters) -> {
                    if (kind != key.getClass()) {
                        filters.offer(into);
                    }
                });
            }
        }
    }

    /** Filters by a range of one field, filed in every {@link Buckets} bucket the range spans. */
    final class Ranges implements Place {
        final int field;
        /** Fixed when the place is made: the buckets of later filters are found with the same boundaries. */
        private final double[] boundaries;

        private final Runs[] byBucket;
        private final Runs all;

        Ranges(int field, double[] boundaries, Runs[] byBucket, Runs all) {
            this.field = field;
            this.boundaries = boundaries;
            this.byBucket = byBucket;
            this.all = all;
        }

        @Override
        public @Nullable Place with(long[] goneIds, List<StreamIndex.Access> gone, List<StreamIndex.Access> come) {
            Changes<Integer> buckets = new Changes<>();
            for (StreamIndex.Access access : gone) {
                Predicate.Range range = (Predicate.Range) Objects.requireNonNull(access.predicate());
                for (int b = first(range); b <= last(range); b++) {
                    buckets.leave(b, access.filter().id());
                }
            }
            for (StreamIndex.Access access : come) {
                Predicate.Range range = (Predicate.Range) Objects.requireNonNull(access.predicate());
                for (int b = first(range); b <= last(range); b++) {
                    buckets.join(b, access.filter());
                }
            }
            Runs[] newBuckets = byBucket.clone();
            for (int b : buckets.parts()) {
                newBuckets[b] = buckets.apply(b, byBucket[b]);
            }
            Runs newAll = all.with(goneIds, filtersOf(come));
            return newAll.isEmpty() ? null : new Ranges(field, boundaries, newBuckets, newAll);
        }

        private int first(Predicate.Range range) {
            return Buckets.atOrBelow(boundaries, range.lower().bound());
        }

        private int last(Predicate.Range range) {
            return Buckets.atOrBelow(boundaries, range.upper().bound());
        }

        void candidates(@Nullable Object value, StreamIndex.Candidates into) {
            if (!AlertFields.isNumber(value)) {
                all.offer(into);
                return;
            }
            double v = ((Number) value).doubleValue();
            if (!Double.isNaN(v)) {
                byBucket[Buckets.atOrBelow(boundaries, v)].offer(into);
            }
        }
    }

    /**
     * Cone filters on one pair of position fields, by the sky cells their cones may touch; the cells kept in pages so
     * that a change copies one page, not the whole sky.
     */
    final class Cells implements Place {
        static final int PAGE_BITS = 10;
        private static final int PAGE = 1 << PAGE_BITS;

        final int ra;
        final int dec;
        private final Runs[][] pages;
        private final Runs all;

        Cells(int ra, int dec, Runs[][] pages, Runs all) {
            this.ra = ra;
            this.dec = dec;
            this.pages = pages;
            this.all = all;
        }

        @Override
        public @Nullable Place with(long[] goneIds, List<StreamIndex.Access> gone, List<StreamIndex.Access> come) {
            Changes<Integer> cells = new Changes<>();
            for (StreamIndex.Access access : gone) {
                for (int cell : Objects.requireNonNull(access.cells())) {
                    cells.leave(cell, access.filter().id());
                }
            }
            for (StreamIndex.Access access : come) {
                for (int cell : Objects.requireNonNull(access.cells())) {
                    cells.join(cell, access.filter());
                }
            }
            Runs[][] newPages = pages.clone();
            boolean[] copied = new boolean[pages.length];
            for (int cell : cells.parts()) {
                int page = cell >>> PAGE_BITS;
                if (!copied[page]) {
                    newPages[page] = pages[page] == null ? new Runs[PAGE] : pages[page].clone();
                    copied[page] = true;
                }
                Runs now = cells.apply(cell, newPages[page][cell & (PAGE - 1)]);
                newPages[page][cell & (PAGE - 1)] = now.isEmpty() ? null : now;
            }
            Runs newAll = all.with(goneIds, filtersOf(come));
            return newAll.isEmpty() ? null : new Cells(ra, dec, newPages, newAll);
        }

        void candidates(@Nullable Object raValue, @Nullable Object decValue, StreamIndex.Candidates into) {
            if (!AlertFields.isDouble(raValue) || !AlertFields.isDouble(decValue)) {
                all.offer(into);
                return;
            }
            double alertRa = ((Number) raValue).doubleValue();
            double alertDec = ((Number) decValue).doubleValue();
            if (Double.isNaN(alertRa) || Double.isNaN(alertDec)) {
                return;
            }
            if (!SkyGrid.placeable(alertRa, alertDec)) {
                all.offer(into);
                return;
            }
            int cell = SkyGrid.cellOf(alertRa, alertDec);
            Runs[] page = pages[cell >>> PAGE_BITS];
            Runs hits = page == null ? null : page[cell & (PAGE - 1)];
            if (hits != null) {
                hits.offer(into);
            }
        }
    }

    /** Filters with nothing indexable: candidates for every alert. */
    final class Always implements Place {
        final Runs filters;

        Always(Runs filters) {
            this.filters = filters;
        }

        @Override
        public @Nullable Place with(long[] goneIds, List<StreamIndex.Access> gone, List<StreamIndex.Access> come) {
            Runs now = filters.with(goneIds, filtersOf(come));
            return now.isEmpty() ? null : new Always(now);
        }
    }
}
