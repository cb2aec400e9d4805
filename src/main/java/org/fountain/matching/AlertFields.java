package org.fountain.matching;

import java.util.Arrays;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;

/**
 * The indexed fields of one alert, each read from the Avro record on first use and kept for the other filters. One
 * per alert, on one thread.
 */
final class AlertFields {

    private static final Object UNREAD = new Object();

    private final GenericRecord record;
    private final FieldRef[] refs;
    private final Object[] values;

    AlertFields(GenericRecord record, FieldRef[] refs) {
        this.record = record;
        this.refs = refs;
        this.values = new Object[refs.length];
        Arrays.fill(values, UNREAD);
    }

    int size() {
        return values.length;
    }

    /** The raw Avro value of a field, or null when it is null or missing. */
    Object get(int field) {
        Object value = values[field];
        if (value == UNREAD) {
            value = refs[field].read(record);
            values[field] = value;
        }
        return value;
    }

    /** True when a raw value is an Avro number, which CEL compares with numeric constants. */
    static boolean isNumber(Object value) {
        return value instanceof Double || value instanceof Float || value instanceof Long || value instanceof Integer;
    }

    /** True when a raw value is an Avro floating-point number, which CEL passes as a double to functions. */
    static boolean isDouble(Object value) {
        return value instanceof Double || value instanceof Float;
    }

    /**
     * A raw value in the domain in which equality is decided, as CEL decides it: numbers as doubles (zero without
     * sign), strings and enum symbols as strings, booleans as themselves; null for anything else.
     */
    static Object key(Object value) {
        if (isNumber(value)) {
            return ((Number) value).doubleValue() + 0.0;
        } else if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return value.toString();
        } else if (value instanceof Boolean) {
            return value;
        }
        return null;
    }
}
