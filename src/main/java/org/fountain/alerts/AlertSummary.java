package org.fountain.alerts;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * The compact record of one alert that everything downstream of decoding carries: a match on the matches topic, a
 * rewind's findings, the archive's rows, a dashboard's line. Made from an {@link Alert} by {@link #of}; written into
 * other records unwrapped, so its fields sit at their top level.
 *
 * @param stream the configured stream name
 * @param alertId the survey's detection id (a string in JSON: browsers lose digits of longs)
 * @param objectId the survey's object name
 * @param mjd detection time, Modified Julian Date
 * @param ra right ascension, J2000, degrees
 * @param dec declination, J2000, degrees
 * @param magnitude detection magnitude, or null when the stream has none
 * @param band photometric band
 * @param topic the topic the alert was read from
 * @param partition its partition
 * @param offset its offset
 */
public record AlertSummary(
        String stream,
        @JsonFormat(shape = JsonFormat.Shape.STRING) long alertId,
        String objectId,
        double mjd,
        double ra,
        double dec,
        @Nullable Double magnitude,
        @Nullable String band,
        String topic,
        int partition,
        long offset) {

    /** The summary of a decoded alert. */
    public static AlertSummary of(Alert alert) {
        SourceCoordinates source = alert.source();
        return new AlertSummary(
                alert.stream(),
                alert.alertId(),
                alert.objectId(),
                alert.mjd(),
                alert.ra(),
                alert.dec(),
                alert.magnitude(),
                alert.band(),
                source.topic(),
                source.partition(),
                source.offset());
    }

    /** Where the alert was read. */
    @JsonIgnore
    public SourceCoordinates source() {
        return new SourceCoordinates(topic, partition, offset);
    }
}
