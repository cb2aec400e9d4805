package org.fountain.delivery;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * The compact record of one match, as written to the matches topic and pushed to dashboards.
 *
 * @param filterId the filter that matched
 * @param filterName its name at the time of the match
 * @param owner the filter's owner, who receives the match
 * @param stream the input stream name
 * @param alertId the survey's detection id
 * @param objectId the survey's object name
 * @param mjd detection time, Modified Julian Date
 * @param ra right ascension, degrees
 * @param dec declination, degrees
 * @param magnitude detection magnitude, may be null
 * @param band photometric band
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param matchedAt epoch milliseconds at which the match was made
 * @param replay whether it comes from a replay of the filter over past alerts (then only its owner receives it)
 */
public record MatchSummary(
        long filterId,
        String filterName,
        String owner,
        String stream,
        @JsonFormat(shape = JsonFormat.Shape.STRING) long alertId,
        String objectId,
        double mjd,
        double ra,
        double dec,
        Double magnitude,
        String band,
        String topic,
        int partition,
        long offset,
        long matchedAt,
        boolean replay) {}
