package org.fountain.alerts.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.FieldMapping;
import org.fountain.alerts.Sky;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.alerts.UndecodableReason;
import org.jspecify.annotations.Nullable;

/** Reads the common concepts out of a decoded alert, as a stream's {@link FieldMapping} says. */
public final class StreamProfile {

    private final FieldPath alertId;
    private final List<FieldPath> objectId;
    private final FieldPath ra;
    private final FieldPath dec;
    private final FieldPath time;
    private final boolean timeIsJd;
    private final FieldPath magnitude;
    private final boolean magnitudeIsFlux;
    private final FieldPath band;
    private final Map<String, String> bandNames;
    private final FieldPath history;

    public StreamProfile(FieldMapping mapping) {
        this.alertId = FieldPath.of(mapping.alertId());
        List<FieldPath> ids = new ArrayList<>();
        for (String path : mapping.objectId()) {
            ids.add(FieldPath.of(path));
        }
        this.objectId = List.copyOf(ids);
        this.ra = FieldPath.of(mapping.ra());
        this.dec = FieldPath.of(mapping.dec());
        this.time = FieldPath.of(mapping.time());
        this.timeIsJd = mapping.timeScale() == FieldMapping.TimeScale.JD;
        this.magnitude = FieldPath.of(mapping.magnitude());
        this.magnitudeIsFlux = mapping.magnitudeUnit() == FieldMapping.MagnitudeUnit.NJY;
        this.band = FieldPath.of(mapping.band());
        this.bandNames = mapping.bandNames() == null ? Map.of() : Map.copyOf(mapping.bandNames());
        this.history = FieldPath.of(mapping.history());
    }

    /** AB magnitude of a flux in nanojansky, or null when the flux is not positive. */
    public static @Nullable Double magnitudeOfFlux(double fluxNanojansky) {
        return fluxNanojansky > 0 ? Sky.abMagnitude(fluxNanojansky) : null;
    }

    public Alert toAlert(String stream, SourceCoordinates source, GenericRecord record)
            throws UndecodableAlertException {
        Object id = alertId.read(record);
        Object raValue = ra.read(record);
        Object decValue = dec.read(record);
        if (!(id instanceof Number) || !(raValue instanceof Number) || !(decValue instanceof Number)) {
            throw UndecodableAlertException.because(
                    UndecodableReason.PROFILE_MISMATCH,
                    "the " + stream + " profile finds no " + (id instanceof Number ? "" : alertId + " ")
                            + (raValue instanceof Number && decValue instanceof Number ? "" : ra + "/" + dec + " ")
                            + "in this alert");
        }
        Object object = null;
        for (FieldPath path : objectId) {
            object = path.read(record);
            if (object != null) {
                break;
            }
        }
        Object t = time.read(record);
        double mjd =
                t instanceof Number n ? (timeIsJd ? n.doubleValue() - Sky.MJD_OFFSET : n.doubleValue()) : Double.NaN;
        Object m = magnitude.read(record);
        Double mag = null;
        if (m instanceof Number n) {
            // a negative difference flux (fainter than the template) has the magnitude of its size, as ZTF's magpsf
            mag = magnitudeIsFlux ? magnitudeOfFlux(Math.abs(n.doubleValue())) : Double.valueOf(n.doubleValue());
        }
        Object b = band.read(record);
        String bandName = b == null ? "?" : bandNames.getOrDefault(b.toString(), b.toString());
        return new Alert(
                stream,
                source,
                ((Number) id).longValue(),
                object == null ? String.valueOf(id) : object.toString(),
                ((Number) raValue).doubleValue(),
                ((Number) decValue).doubleValue(),
                mjd,
                mag,
                bandName,
                history.read(record) instanceof List<?> points ? points.size() : 0,
                record);
    }
}
