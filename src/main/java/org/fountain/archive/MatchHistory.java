package org.fountain.archive;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterNotFoundException;
import org.fountain.filters.Filters;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * A user's match history from the archive: the matches of the filters they own and of the public filters they follow
 * (their owners' replays excepted), newest first and paged by cursor, or everything after a cursor in order (what a
 * dashboard that lost its connection missed).
 */
@Service
public class MatchHistory {

    private final ArchiveStore store;
    private final Filters filters;
    private final ArchiveProperties properties;

    MatchHistory(ArchiveStore store, Filters filters, ArchiveProperties properties) {
        this.store = store;
        this.filters = filters;
        this.properties = properties;
    }

    /**
     * What to ask for: all optional.
     *
     * @param filterId one filter of the viewer's, or all of them
     * @param before newest first, from just before this cursor (or from the newest)
     * @param after oldest first, from just after this cursor (then {@code before} is ignored)
     * @param band only this band
     * @param brighterThan only magnitudes below this
     * @param fainterThan only magnitudes above this
     * @param objectId only this object
     * @param limit at most this many (up to {@code fountain.archive.max-page-size})
     */
    public record Query(
            @Nullable Long filterId,
            @Nullable String before,
            @Nullable String after,
            @Nullable String band,
            @Nullable Double brighterThan,
            @Nullable Double fainterThan,
            @Nullable String objectId,
            @Nullable Integer limit) {

        public static Query latest(int limit) {
            return new Query(null, null, null, null, null, null, null, limit);
        }
    }

    /**
     * One page: the matches, and the cursor to ask with for the next page (null when this one was the last).
     */
    public record Page(
            List<ArchivedMatch> matches, @Nullable String next) {}

    /**
     * A page of {@code viewer}'s history.
     *
     * @throws FilterNotFoundException when the filter asked for is neither theirs nor one they follow
     * @throws IllegalArgumentException when a cursor is not one, or the limit is out of range
     */
    public Page page(String viewer, Query query) {
        ArchiveStore.Visible visible = visible(viewer);
        if (query.filterId() != null) {
            Filter filter = visible.filters().get(query.filterId());
            if (filter == null) {
                throw FilterNotFoundException.forId(query.filterId());
            }
            visible = new ArchiveStore.Visible(viewer, Map.of(filter.id(), filter));
        }
        int limit = query.limit() == null ? 100 : query.limit();
        if (limit < 1 || limit > properties.maxPageSize()) {
            throw new IllegalArgumentException("limit must be between 1 and " + properties.maxPageSize());
        }
        HistoryCursor after = query.after() == null ? null : HistoryCursor.decode(query.after());
        HistoryCursor before = after != null || query.before() == null ? null : HistoryCursor.decode(query.before());
        List<ArchivedMatch> matches = store.history(new ArchiveStore.Query(
                visible,
                before,
                after,
                blankToNull(query.band()),
                query.brighterThan(),
                query.fainterThan(),
                blankToNull(query.objectId()),
                limit));
        String next =
                matches.size() < limit ? null : matches.get(matches.size() - 1).cursor();
        return new Page(
                matches,
                after != null && next == null && !matches.isEmpty()
                        ? matches.get(matches.size() - 1).cursor()
                        : next);
    }

    /** A cursor before every match made from {@code time} on: asking after it gives them, oldest first. */
    public static String cursorAt(Instant time) {
        return new HistoryCursor(time.toEpochMilli(), Long.MIN_VALUE, Long.MIN_VALUE).encode();
    }

    /** When the match a cursor names was made; an {@link IllegalArgumentException} when it is not a cursor. */
    public static Instant timeOf(String cursor) {
        return Instant.ofEpochMilli(HistoryCursor.decode(cursor).matchedAt());
    }

    /** The filters whose matches {@code viewer} receives: their own and those they follow. */
    ArchiveStore.Visible visible(String viewer) {
        Map<Long, Filter> visible = new LinkedHashMap<>();
        filters.ownedBy(viewer).forEach(f -> visible.put(f.id(), f));
        filters.followedBy(viewer).forEach(f -> visible.putIfAbsent(f.id(), f));
        return new ArchiveStore.Visible(viewer, visible);
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
