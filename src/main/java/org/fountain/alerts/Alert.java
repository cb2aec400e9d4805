package org.fountain.alerts;

import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;

/**
 * A schema-agnostic view of one alert: where it came from, the common concepts every stream has, and the decoded
 * record itself for filters and detail pages.
 *
 * @param stream the configured stream name (e.g. {@code ztf})
 * @param source where the message was read
 * @param alertId the survey's unique id of this detection ({@code candid} for ZTF)
 * @param objectId the survey's object name, shared by all alerts of one object
 * @param ra right ascension, J2000, degrees
 * @param dec declination, J2000, degrees
 * @param mjd time of the detection as a Modified Julian Date
 * @param magnitude the detection's magnitude, or {@code null} when the stream has none
 * @param band the photometric band ({@code g}, {@code r}, {@code i}, …)
 * @param historyLength how many earlier points (detections and upper limits) the alert carries
 * @param record the decoded Avro record
 */
public record Alert(
        String stream,
        SourceCoordinates source,
        long alertId,
        String objectId,
        double ra,
        double dec,
        double mjd,
        @Nullable Double magnitude,
        String band,
        int historyLength,
        GenericRecord record) {

    /** The same alert read through another record (its own with more beside it, such as its context). */
    public Alert withRecord(GenericRecord view) {
        return new Alert(stream, source, alertId, objectId, ra, dec, mjd, magnitude, band, historyLength, view);
    }

    /** The compact record of this alert, as matches and the archive carry it. */
    public AlertSummary summary() {
        return AlertSummary.of(this);
    }
}
