package org.fountain.archive;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the alert page shows of one archived alert: its summary, which of the viewer's filters matched it, its light
 * curve, links to its cutouts, and its fields. Its id travels as a string in JSON: Rubin's ids pass 2^53, beyond which
 * JavaScript's numbers are not exact.
 *
 * @param packetKept whether the archive holds the alert's bytes (without them there is no light curve or cutout)
 * @param lightCurve detections, upper limits and forced photometry, oldest first
 * @param cutouts the cutouts it carries: science, template, difference
 * @param fields the alert's own scalar fields and those of its detection, by dotted name
 * @param docs what the stream's schema says of each of those fields, where it says anything
 */
public record AlertView(
        String stream,
        @JsonFormat(shape = JsonFormat.Shape.STRING) long alertId,
        String objectId,
        double ra,
        double dec,
        double mjd,
        @Nullable Double magnitude,
        @Nullable String band,
        String topic,
        int partition,
        long offset,
        List<ArchivedMatch> matchedBy,
        boolean packetKept,
        List<LightPoint> lightCurve,
        List<String> cutouts,
        Map<String, Object> fields,
        Map<String, String> docs) {

    /**
     * A point of a light curve.
     *
     * @param kind {@code detection}, {@code limit} (fainter than {@code magnitude}), {@code forced} or
     *     {@code forced-limit}
     * @param current whether it is this alert's own detection
     */
    public record LightPoint(
            double mjd,
            String band,
            double magnitude,
            @Nullable Double error,
            String kind,
            boolean current) {}
}
