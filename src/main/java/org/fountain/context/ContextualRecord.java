package org.fountain.context;

import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.jspecify.annotations.Nullable;

/**
 * An alert's record with its context beside it: the packet's fields at their own positions, then one field per
 * context source, each computed the first time it is read and kept for the alert. Read-only.
 */
final class ContextualRecord implements GenericRecord {

    private static final Object UNREAD = new Object();

    private final Alert alert;
    private final AlertContexts.Extended schema;
    private final Object[] values;

    ContextualRecord(Alert alert, AlertContexts.Extended schema) {
        this.alert = alert;
        this.schema = schema;
        this.values = new Object[schema.sources().size()];
        Arrays.fill(values, UNREAD);
    }

    @Override
    public Schema getSchema() {
        return schema.schema();
    }

    @Override
    public @Nullable Object get(int i) {
        int own = schema.own();
        if (i < own) {
            return alert.record().get(i);
        }
        int k = i - own;
        Object value = values[k];
        if (value == UNREAD) {
            value = schema.sources().get(k).valueFor(alert);
            values[k] = value;
        }
        return value;
    }

    @Override
    public @Nullable Object get(String key) {
        Schema.Field field = schema.schema().getField(key);
        return field == null ? null : get(field.pos());
    }

    @Override
    public void put(int i, @Nullable Object v) {
        throw new UnsupportedOperationException("an alert with its context is read-only");
    }

    @Override
    public void put(String key, @Nullable Object v) {
        throw new UnsupportedOperationException("an alert with its context is read-only");
    }

    @Override
    public String toString() {
        return alert.record().toString();
    }
}
