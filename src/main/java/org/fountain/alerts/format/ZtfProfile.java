package org.fountain.alerts.format;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.UndecodableAlertException;

/** Where the common concepts live in a ZTF-shaped alert ({@code candidate.*}, {@code objectId}, {@code candid}). */
public final class ZtfProfile {

    private static final double JD_TO_MJD = 2400000.5;
    private static final String[] BANDS = {"?", "g", "r", "i"};

    public Alert toAlert(String stream, SourceCoordinates source, GenericRecord record)
            throws UndecodableAlertException {
        Object candidate = field(record, "candidate");
        if (!(candidate instanceof GenericRecord detection)) {
            throw UndecodableAlertException.because("profile-mismatch", "alert has no 'candidate' record");
        }
        Object candid = field(record, "candid");
        Object objectId = field(record, "objectId");
        Object ra = field(detection, "ra");
        Object dec = field(detection, "dec");
        Object jd = field(detection, "jd");
        if (!(candid instanceof Number) || objectId == null || !(ra instanceof Number) || !(dec instanceof Number)) {
            throw UndecodableAlertException.because(
                    "profile-mismatch", "alert lacks candid, objectId or candidate.ra/dec");
        }
        Object magpsf = field(detection, "magpsf");
        Object fid = field(detection, "fid");
        int band = fid instanceof Number n ? n.intValue() : 0;
        return new Alert(
                stream,
                source,
                ((Number) candid).longValue(),
                objectId.toString(),
                ((Number) ra).doubleValue(),
                ((Number) dec).doubleValue(),
                jd instanceof Number n ? n.doubleValue() - JD_TO_MJD : Double.NaN,
                magpsf instanceof Number n ? n.doubleValue() : null,
                band >= 1 && band < BANDS.length ? BANDS[band] : "?",
                record);
    }

    private static Object field(GenericRecord record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }
}
