package org.fountain.matching;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.lang.Contract;

/**
 * The indexed fields of one alert, each read from the Avro record on first use and kept for the other filters. One
 * per alert, on one thread.
 */
final class AlertFields {

    private static final Object UNREAD = new Object();
    private static final byte NUMBER = 1;
    private static final byte NOT_A_NUMBER = 2;

    /** Numbers every alert matched on this instance, from 1: what {@link Predicate.Shared} remembers answers by. */
    private static final AtomicLong STAMPS = new AtomicLong();

    private final long stamp = STAMPS.incrementAndGet();
    private final GenericRecord record;
    private final FieldRef[] refs;
    private final Object[] values;
    private final double[] numbers;
    private final byte[] kinds;
    private final Object[] keys;

    AlertFields(GenericRecord record, FieldRef[] refs) {
        this.record = record;
        this.refs = refs;
        this.values = new Object[refs.length];
        this.numbers = new double[refs.length];
        this.kinds = new byte[refs.length];
        this.keys = new Object[refs.length];
        Arrays.fill(keys, UNREAD);
        Arrays.fill(values, UNREAD);
    }

    /** Whether {@link #number} holds a field's value: a number that compares exactly as a double (NaN too). */
    boolean hasNumber(int field) {
        byte kind = kinds[field];
        if (kind == 0) {
            Double number = Predicate.exactNumber(get(field));
            if (number == null) {
                kind = NOT_A_NUMBER;
            } else {
                kind = NUMBER;
                numbers[field] = number;
            }
            kinds[field] = kind;
        }
        return kind == NUMBER;
    }

    /** A field's value as an equality key ({@link #key(Object)}), kept for the other filters. */
    @Nullable
    Object key(int field) {
        Object key = keys[field];
        if (key == UNREAD) {
            key = key(get(field));
            keys[field] = key;
        }
        return key;
    }

    /** A field's value as a double; only after {@link #hasNumber} said it is one. */
    double number(int field) {
        return numbers[field];
    }

    int size() {
        return values.length;
    }

    /** This alert's number among all alerts matched here. */
    long stamp() {
        return stamp;
    }

    /** The raw Avro value of a field, or null when it is null or missing. */
    @Nullable
    Object get(int field) {
        Object value = values[field];
        if (value == UNREAD) {
            value = refs[field].read(record);
            values[field] = value;
        }
        return value;
    }

    /** True when a raw value is an Avro number, which CEL compares with numeric constants. */
    @Contract("null -> false")
    static boolean isNumber(@Nullable Object value) {
        return value instanceof Double || value instanceof Float || value instanceof Long || value instanceof Integer;
    }

    /** True when a raw value is an Avro floating-point number, which CEL passes as a double to functions. */
    @Contract("null -> false")
    static boolean isDouble(@Nullable Object value) {
        return value instanceof Double || value instanceof Float;
    }

    /**
     * A raw value in the domain in which equality is decided, as CEL decides it: numbers as doubles (zero without
     * sign), strings and enum symbols as strings, booleans as themselves; null for anything else.
     */
    static @Nullable Object key(@Nullable Object value) {
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
