package org.fountain.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The filters of one place of the index, as {@link Run}s of at most {@link #CHUNK}: a change to a few filters
 * rebuilds the chunks they leave or join, not the whole place, so that saving a filter costs the same with 100,000
 * live filters as with 100. Immutable; a change makes a new one sharing the untouched chunks.
 */
final class Runs {

    /** At most this many filters per chunk. */
    static final int CHUNK = 512;

    static final Runs EMPTY = new Runs(new Run[0], 0);

    private final Run[] chunks;
    private final int size;

    private Runs(Run[] chunks, int size) {
        this.chunks = chunks;
        this.size = size;
    }

    static Runs of(Collection<CompiledFilter> filters) {
        return EMPTY.with(new long[0], filters);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Offers every filter, chunk by chunk. */
    void offer(StreamIndex.Candidates into) {
        for (Run chunk : chunks) {
            into.offer(chunk, 0, chunk.size());
        }
    }

    /**
     * These filters without those whose ids are among {@code removed} (sorted) and with {@code added} (none of them
     * here already): the chunks that lose a filter are rebuilt, the added fill the last chunk and new ones. When
     * removals have left many chunks part-empty, everything is cut into full chunks again.
     */
    Runs with(long[] removed, Collection<CompiledFilter> added) {
        List<Run> kept = new ArrayList<>(chunks.length + 1);
        int count = 0;
        for (Run chunk : chunks) {
            Run now = removed.length > 0 && chunk.holdsAny(removed) ? Run.of(chunk.without(removed)) : chunk;
            if (now.size() > 0) {
                kept.add(now);
                count += now.size();
            }
        }
        count += added.size();
        if (kept.size() > 2 + 2 * (count / CHUNK)) {
            List<CompiledFilter> all = new ArrayList<>(count);
            for (Run chunk : kept) {
                all.addAll(chunk.without(new long[0]));
            }
            all.addAll(added);
            return new Runs(cut(all), count);
        }
        if (!added.isEmpty()) {
            List<CompiledFilter> tail = new ArrayList<>(added.size() + CHUNK);
            if (!kept.isEmpty() && kept.get(kept.size() - 1).size() < CHUNK) {
                tail.addAll(kept.remove(kept.size() - 1).without(new long[0]));
            }
            tail.addAll(added);
            kept.addAll(Arrays.asList(cut(tail)));
        }
        return count == size && kept.size() == chunks.length && added.isEmpty()
                ? this
                : new Runs(kept.toArray(Run[]::new), count);
    }

    private static Run[] cut(List<CompiledFilter> filters) {
        Run[] cut = new Run[(filters.size() + CHUNK - 1) / CHUNK];
        for (int c = 0; c < cut.length; c++) {
            cut[c] = Run.of(filters.subList(c * CHUNK, Math.min(filters.size(), (c + 1) * CHUNK)));
        }
        return cut;
    }
}
