package org.fountain.alerts;

import org.apache.avro.Schema;
import org.fountain.alerts.format.SchemaDirectory;

/**
 * Writer schemas by Confluent schema id from a Rubin-style schema directory ({@code <major>/<minor>/*.avsc}, id =
 * major × 100 + minor) or {@code classpath:<folder>}. Cached.
 */
public final class SchemaCatalog {

    private final SchemaDirectory directory;

    public SchemaCatalog(String location) {
        this.directory = new SchemaDirectory(location);
    }

    /**
     * The schema with this id.
     *
     * @throws UndecodableAlertException when the directory has no such schema, or it does not parse
     */
    public Schema schemaFor(int id) throws UndecodableAlertException {
        return directory.schemaFor(id);
    }
}
