package org.fountain.delivery;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.fountain.alerts.AlertSummary;

/**
 * One filter's match of one alert, as pushed to dashboards, feeds and notifications and kept in the archive: the
 * alert's summary with the filter's id, name and owner beside its fields (unwrapped, one flat JSON object).
 *
 * @param filterId the filter that matched
 * @param filterName its name (as it is when the match is delivered or read from the archive)
 * @param owner the filter's owner, who receives the match
 * @param alert the alert matched
 * @param matchedAt epoch milliseconds at which the match was made
 * @param replay whether it comes from a replay of the filter over past alerts (then only its owner receives it)
 */
public record MatchSummary(
        long filterId,
        String filterName,
        String owner,
        @JsonUnwrapped AlertSummary alert,
        long matchedAt,
        boolean replay) {}
