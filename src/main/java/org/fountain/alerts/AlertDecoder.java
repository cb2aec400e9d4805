package org.fountain.alerts;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.format.ContainerFileReader;
import org.fountain.alerts.format.ZtfProfile;
import org.springframework.stereotype.Component;

/** Turns one Kafka message into the alerts it carries. Thread-safe; readers are cached by writer schema. */
@Component
public class AlertDecoder {

    private final ContainerFileReader containerFiles = new ContainerFileReader();
    private final ZtfProfile ztf = new ZtfProfile();

    /**
     * Decodes a message.
     *
     * @throws UndecodableAlertException with a reason code when the bytes are not a readable alert
     */
    public List<Alert> decode(String stream, SourceCoordinates source, byte[] payload)
            throws UndecodableAlertException {
        if (payload == null || payload.length == 0) {
            throw UndecodableAlertException.because("empty", "empty message");
        }
        List<GenericRecord> records = containerFiles.read(payload);
        List<Alert> alerts = new ArrayList<>(records.size());
        for (GenericRecord record : records) {
            alerts.add(ztf.toAlert(stream, source, record));
        }
        return alerts;
    }

    /** How many distinct writer schemas have been parsed so far. */
    public int cachedSchemas() {
        return containerFiles.cachedSchemas();
    }
}
