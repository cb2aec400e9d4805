package org.fountain.archive;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the object page shows: every archived alert of one object that the viewer's filters matched, newest first, and
 * the light curve of them all together (each point once, however many alerts carried it).
 *
 * @param latestAlertId the newest of those alerts, whose cutouts the page shows (a string in JSON)
 */
public record ObjectView(
        String stream,
        String objectId,
        List<ObjectAlert> alerts,
        List<AlertView.LightPoint> lightCurve,
        @JsonFormat(shape = JsonFormat.Shape.STRING) long latestAlertId,
        List<String> cutouts) {

    /** One alert of the object, and the viewer's filters that matched it. */
    public record ObjectAlert(
            @JsonFormat(shape = JsonFormat.Shape.STRING) long alertId,
            double mjd,
            @Nullable Double magnitude,
            @Nullable String band,
            double ra,
            double dec,
            List<String> filters) {}
}
