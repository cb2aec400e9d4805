package org.fountain.filters.language;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * CEL types for an Avro alert schema, so a filter is type-checked against the stream: every record is a struct whose
 * fields carry their Avro types (int/long → int, float/double → double, string/enum → string, optional primitives
 * nullable, arrays → lists). The top-level fields of the alert become the filter's variables.
 */
final class AvroCelTypes implements CelTypeProvider {

    /** One field anywhere in the schema, for autocompletion and "did you mean". */
    record FieldInfo(String path, String name, String type, String doc) {}

    private final Map<String, StructType> structs = new LinkedHashMap<>();
    private final Map<String, CelType> variables = new LinkedHashMap<>();
    private final Set<String> fieldNames = new LinkedHashSet<>();
    private final List<FieldInfo> fields = new ArrayList<>();

    AvroCelTypes(Schema alert) {
        if (alert.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("an alert schema must be a record");
        }
        for (Schema.Field field : alert.getFields()) {
            variables.put(field.name(), typeOf(field.schema()));
            describe(field.name(), field, 0);
        }
    }

    Map<String, CelType> variables() {
        return variables;
    }

    Set<String> fieldNames() {
        return fieldNames;
    }

    List<FieldInfo> fields() {
        return fields;
    }

    @Override
    public ImmutableCollection<CelType> types() {
        return ImmutableList.copyOf(structs.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
        return Optional.ofNullable(structs.get(typeName));
    }

    private CelType typeOf(Schema schema) {
        return switch (schema.getType()) {
            case INT, LONG -> SimpleType.INT;
            case FLOAT, DOUBLE -> SimpleType.DOUBLE;
            case STRING, ENUM -> SimpleType.STRING;
            case BOOLEAN -> SimpleType.BOOL;
            case BYTES, FIXED -> SimpleType.BYTES;
            case NULL -> SimpleType.NULL_TYPE;
            case ARRAY -> ListType.create(typeOf(schema.getElementType()));
            case MAP -> MapType.create(SimpleType.STRING, typeOf(schema.getValueType()));
            case RECORD -> structOf(schema);
            case UNION -> unionOf(schema);
        };
    }

    private CelType unionOf(Schema union) {
        List<Schema> branches = union.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .toList();
        boolean nullable = branches.size() < union.getTypes().size();
        if (branches.size() != 1) {
            return SimpleType.DYN;
        }
        CelType type = typeOf(branches.get(0));
        boolean primitive = switch (branches.get(0).getType()) {
            case INT, LONG, FLOAT, DOUBLE, STRING, ENUM, BOOLEAN, BYTES, FIXED -> true;
            default -> false;
        };
        return nullable && primitive ? NullableType.create(type) : type;
    }

    private StructType structOf(Schema record) {
        StructType known = structs.get(record.getFullName());
        if (known != null) {
            return known;
        }
        Map<String, Schema> fieldSchemas = new LinkedHashMap<>();
        record.getFields().forEach(f -> fieldSchemas.put(f.name(), f.schema()));
        Map<String, CelType> resolved = new ConcurrentHashMap<>();
        StructType struct = StructType.create(
                record.getFullName(),
                ImmutableSet.copyOf(fieldSchemas.keySet()),
                name -> fieldSchemas.containsKey(name)
                        ? Optional.of(resolved.computeIfAbsent(
                                name, n -> typeOf(Objects.requireNonNull(fieldSchemas.get(n)))))
                        : Optional.empty());
        structs.put(record.getFullName(), struct);
        for (Schema.Field field : record.getFields()) {
            typeOf(field.schema());
        }
        return struct;
    }

    private void describe(String path, Schema.Field field, int depth) {
        fieldNames.add(field.name());
        fields.add(new FieldInfo(path, field.name(), readable(field.schema()), field.doc() == null ? "" : field.doc()));
        Schema record = recordInside(field.schema());
        if (record != null && depth < 3) {
            String prefix = isArray(field.schema()) ? path + "[]" : path;
            for (Schema.Field child : record.getFields()) {
                describe(prefix + "." + child.name(), child, depth + 1);
            }
        }
    }

    private static @Nullable Schema recordInside(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> schema;
            case ARRAY -> recordInside(schema.getElementType());
            case UNION ->
                schema.getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .map(AvroCelTypes::recordInside)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
            default -> null;
        };
    }

    private static boolean isArray(Schema schema) {
        return schema.getType() == Schema.Type.ARRAY
                || (schema.getType() == Schema.Type.UNION
                        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.ARRAY));
    }

    private static String readable(Schema schema) {
        return switch (schema.getType()) {
            case INT, LONG -> "int";
            case FLOAT, DOUBLE -> "double";
            case STRING, ENUM -> "string";
            case BOOLEAN -> "bool";
            case BYTES, FIXED -> "bytes";
            case NULL -> "null";
            case ARRAY -> "list(" + readable(schema.getElementType()) + ")";
            case MAP -> "map(string, " + readable(schema.getValueType()) + ")";
            case RECORD -> schema.getName();
            case UNION -> {
                List<Schema> branches = schema.getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .toList();
                String inner = branches.size() == 1 ? readable(branches.get(0)) : "dyn";
                yield branches.size() < schema.getTypes().size() ? inner + " or null" : inner;
            }
        };
    }
}
