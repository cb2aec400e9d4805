package org.fountain.filters.language;

import dev.cel.common.values.NullValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

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
    static Object convert(Object value) {
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
