package org.fountain.delivery;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.List;
import org.fountain.alerts.AlertSummary;

/**
 * One record on the matches topic per matched alert: the alert's summary once (unwrapped: its fields at the top
 * level), and every filter it matched. However many filters match a popular alert, it costs one record; delivery
 * expands it to each filter's recipients.
 *
 * @param alert the alert matched
 * @param matchedAt epoch milliseconds at which the match was made
 * @param filters the filters it matched, by id
 * @param replay whether the matches come from replaying filters over past alerts (then only their owners, and the
 *     followers who opted in to replays, receive them)
 */
public record AlertMatches(@JsonUnwrapped AlertSummary alert, long matchedAt, List<Filter> filters, boolean replay) {

    public AlertMatches {
        filters = filters == null
                ? List.of()
                : filters.stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The most filters one record lists: a name is at most 100 characters, so a record stays well under the 1 MiB a
     * topic accepts by default however many filters an alert matches (more make several records).
     */
    public static final int MAX_FILTERS_PER_RECORD = 1_000;

    /** This match as records of at most {@link #MAX_FILTERS_PER_RECORD} filters each, in order. */
    public List<AlertMatches> parts() {
        if (filters.size() <= MAX_FILTERS_PER_RECORD) {
            return List.of(this);
        }
        List<AlertMatches> parts = new ArrayList<>();
        for (int from = 0; from < filters.size(); from += MAX_FILTERS_PER_RECORD) {
            parts.add(new AlertMatches(
                    alert,
                    matchedAt,
                    filters.subList(from, Math.min(filters.size(), from + MAX_FILTERS_PER_RECORD)),
                    replay));
        }
        return parts;
    }

    /** One filter that matched: its id, its name at the time, and its owner. */
    public record Filter(long id, String name, String owner) {}

    /** The matches of a single filter (a replay). */
    public static AlertMatches of(MatchSummary match) {
        return new AlertMatches(
                match.alert(),
                match.matchedAt(),
                List.of(new Filter(match.filterId(), match.filterName(), match.owner())),
                match.replay());
    }

    /** The match of each filter, as pushed to dashboards. */
    public List<MatchSummary> summaries() {
        List<MatchSummary> summaries = new ArrayList<>(filters.size());
        for (Filter filter : filters) {
            summaries.add(new MatchSummary(filter.id(), filter.name(), filter.owner(), alert, matchedAt, replay));
        }
        return summaries;
    }
}
