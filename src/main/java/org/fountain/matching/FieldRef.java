package org.fountain.matching;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;

/**
 * A field that a filter compares with a constant: a path of record field names from a top-level field of the alert,
 * such as {@code candidate.magpsf} or {@code objectId}. Read straight from the decoded Avro record, without
 * converting the alert for CEL.
 */
record FieldRef(String path, String[] names) {

    static @Nullable FieldRef of(String path) {
        return new FieldRef(path, path.split("\\."));
    }

    /** The Avro value at the path, or null when a record along it is null, or a field is missing or not a record. */
    @Nullable
    Object read(GenericRecord alert) {
        Object current = alert;
        for (String name : names) {
            if (!(current instanceof GenericRecord record)) {
                return null;
            }
            Schema.Field field = record.getSchema().getField(name);
            if (field == null) {
                return null;
            }
            current = record.get(field.pos());
        }
        return current;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldRef f && f.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }
}
