package org.fountain.alerts;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One input stream.
 *
 * @param name a short name shown to users and used in metrics ({@code ztf}, {@code lsst})
 * @param topicPattern regular expression of its Kafka topics
 * @param format how its messages are framed; {@code auto} detects per message
 * @param profile {@code ztf}, {@code lsst}, {@code elasticc}, or {@code custom} with {@link #fields()}
 * @param fields the field mapping of a custom profile
 * @param schemaRegistryUrl a Confluent-compatible schema registry for framed messages
 * @param schemaDirectory a directory laid out {@code <major>/<minor>/*.avsc} (id = major×100 + minor) for framed
 *     messages, used before the registry
 * @param rawSchema an {@code .avsc} file: the writer schema of raw schemaless messages
 */
public record StreamDefinition(
        @NotBlank String name,
        @NotBlank String topicPattern,
        @DefaultValue("auto") WireFormat format,
        @DefaultValue("ztf") Profile profile,
        @Nullable FieldMapping fields,
        @Nullable String schemaRegistryUrl,
        @Nullable String schemaDirectory,
        @Nullable String rawSchema) {

    /** The field mapping this stream's profile names. */
    public FieldMapping mapping() {
        return switch (profile) {
            case ZTF -> FieldMapping.ZTF;
            case LSST -> FieldMapping.LSST;
            case ELASTICC -> FieldMapping.ELASTICC;
            case CUSTOM -> {
                if (fields == null) {
                    throw new IllegalStateException("stream " + name + " has profile custom but no fields");
                }
                yield fields;
            }
        };
    }
}
