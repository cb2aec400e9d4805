package org.fountain.alerts.profile;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** A dotted path of field names into nested records, e.g. {@code diaObject.diaObjectId}. */
final class FieldPath {

    private final String text;
    private final String[] names;

    private FieldPath(String text) {
        this.text = text;
        this.names = text.split("\\.");
    }

    static FieldPath of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a field path is empty");
        }
        return new FieldPath(text.strip());
    }

    /** The value at the path, or null when a field along it is missing or null. */
    Object read(GenericRecord record) {
        Object current = record;
        for (String name : names) {
            if (!(current instanceof GenericRecord r)) {
                return null;
            }
            Schema.Field field = r.getSchema().getField(name);
            if (field == null) {
                return null;
            }
            current = r.get(field.pos());
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
