package org.fountain.delivery;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fountain.alerts.AlertSummary;

/**
 * One record on the matches topic per matched alert: the alert's summary once (unwrapped: its fields at the top
 * level), and the ids of the filters it matched.
 * However many filters match a popular alert, it costs one record of a few bytes per filter; each consumer looks up
 * what it needs of a filter (its name, owner and followers: {@link org.fountain.filters.FilterAudiences}) for the
 * filters it has work for.
 *
 * @param alert the alert matched
 * @param matchedAt epoch milliseconds at which the match was made
 * @param filters the ids of the filters it matched
 * @param replay whether the matches come from replaying filters over past alerts (then only their owners, and the
 *     followers who opted in to replays, receive them)
 */
public record AlertMatches(@JsonUnwrapped AlertSummary alert, long matchedAt, long[] filters, boolean replay) {

    /**
     * The most filters one record names: at most 21 bytes each, so a record stays well under the 1 MiB a topic
     * accepts by default however many filters an alert matches (more make several records).
     */
    public static final int MAX_FILTERS_PER_RECORD = 10_000;

    /** The match of one filter (a replay's). */
    public static AlertMatches of(long filterId, AlertSummary alert, long matchedAt, boolean replay) {
        return new AlertMatches(alert, matchedAt, new long[] {filterId}, replay);
    }

    /** This match as records of at most {@link #MAX_FILTERS_PER_RECORD} filters each, in order. */
    public List<AlertMatches> parts() {
        if (filters.length <= MAX_FILTERS_PER_RECORD) {
            return List.of(this);
        }
        List<AlertMatches> parts = new ArrayList<>();
        for (int from = 0; from < filters.length; from += MAX_FILTERS_PER_RECORD) {
            parts.add(new AlertMatches(
                    alert,
                    matchedAt,
                    Arrays.copyOfRange(filters, from, Math.min(filters.length, from + MAX_FILTERS_PER_RECORD)),
                    replay));
        }
        return parts;
    }

    /** The match of one of the filters, with the filter's name and owner as they are now. */
    public MatchSummary summary(long filterId, String filterName, String owner) {
        return new MatchSummary(filterId, filterName, owner, alert, matchedAt, replay);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertMatches m
                && m.matchedAt == matchedAt
                && m.replay == replay
                && m.alert.equals(alert)
                && Arrays.equals(m.filters, filters);
    }

    @Override
    public int hashCode() {
        return 31 * alert.hashCode() + Arrays.hashCode(filters);
    }

    @Override
    public String toString() {
        return "AlertMatches[alert=" + alert + ", matchedAt=" + matchedAt + ", filters=" + Arrays.toString(filters)
                + ", replay=" + replay + "]";
    }
}
