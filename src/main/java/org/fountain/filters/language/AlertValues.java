package org.fountain.filters.language;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;

/**
 * Converts a decoded Avro alert into the values CEL expects, once per alert: float → double, int → long, Utf8 →
 * string, null → CEL null, records → maps, arrays → lists. Image bytes (cutouts) are left out: no filter needs them
 * and copying them would cost more than the rest of the alert.
 */
public final class AlertValues {

    private AlertValues() {}

    /** The top-level fields of the alert, each converted, keyed by field name. */
    public static Map<String, Object> of(GenericRecord alert) {
        return recordToMap(alert);
    }

    /**
     * The top-level fields of the alert as CEL asks for them: each is converted on first request and kept for the
     * next filter, so a filter that reads only {@code candidate} never pays for the history. One per alert, on one
     * thread.
     */
    public static CelVariableResolver lazily(GenericRecord alert) {
        return new Lazy(alert);
    }

    private static final class Lazy implements CelVariableResolver {

        private final GenericRecord record;
        private final Object[] converted;

        Lazy(GenericRecord record) {
            this.record = record;
            this.converted = new Object[record.getSchema().getFields().size()];
        }

        @Override
        public Optional<Object> find(String name) {
            Schema.Field field = record.getSchema().getField(name);
            if (field == null) {
                return Optional.empty();
            }
            Object value = converted[field.pos()];
            if (value == null) {
                value = convert(record.get(field.pos()));
                if (value == null) {
                    return Optional.empty();
                }
                converted[field.pos()] = value;
            }
            return Optional.of(value);
        }
    }

    private static Map<String, Object> recordToMap(GenericRecord record) {
        List<Schema.Field> fields = record.getSchema().getFields();
        Map<String, Object> values = new HashMap<>(fields.size() * 2);
        for (Schema.Field field : fields) {
            Object value = convert(record.get(field.pos()));
            if (value != null) {
                values.put(field.name(), value);
            }
        }
        return values;
    }

    /** The CEL value of one Avro value, or {@code null} for values CEL is not given (bytes). */
    static @Nullable Object convert(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        } else if (value instanceof Double || value instanceof Long || value instanceof Boolean) {
            return value;
        } else if (value instanceof Float f) {
            return f.doubleValue();
        } else if (value instanceof Integer i) {
            return i.longValue();
        } else if (value instanceof CharSequence s) {
            return s.toString();
        } else if (value instanceof GenericRecord record) {
            return recordToMap(record);
        } else if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            for (Object item : items) {
                Object converted = convert(item);
                list.add(converted == null ? NullValue.NULL_VALUE : converted);
            }
            return list;
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new HashMap<>(map.size() * 2);
            map.forEach((k, v) -> {
                Object c = convert(v);
                if (c != null) {
                    converted.put(k.toString(), c);
                }
            });
            return converted;
        } else if (value instanceof GenericEnumSymbol<?> symbol) {
            return symbol.toString();
        } else if (value instanceof ByteBuffer || value instanceof GenericFixed) {
            return null;
        }
        return value.toString();
    }
}
