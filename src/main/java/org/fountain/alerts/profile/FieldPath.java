package org.fountain.alerts.profile;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;

/**
 * A dotted path of field names into nested records, e.g. {@code diaObject.diaObjectId}; or several separated by
 * {@code |}, of which the first present and not null is read (older versions of a survey's schema name a field
 * differently: {@code diaSource.midpointMjdTai|diaSource.midPointTai}).
 */
final class FieldPath {

    private final String text;
    private final String[][] alternatives;

    private FieldPath(String text) {
        this.text = text;
        String[] paths = text.split("\\|");
        this.alternatives = new String[paths.length][];
        for (int i = 0; i < paths.length; i++) {
            if (paths[i].isBlank()) {
                throw new IllegalArgumentException("an alternative of the field path '" + text + "' is empty");
            }
            alternatives[i] = paths[i].strip().split("\\.");
        }
    }

    static FieldPath of(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a field path is empty");
        }
        return new FieldPath(text.strip());
    }

    /** The value at the first path that holds one, or null when a field along each is missing or null. */
    @Nullable
    Object read(GenericRecord record) {
        for (String[] names : alternatives) {
            Object value = read(record, names);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static @Nullable Object read(GenericRecord record, String[] names) {
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
