package org.fountain.alerts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The input streams Fountain reads, and limits that apply to all of them.
 *
 * @param streams the streams; a topic belongs to the first whose pattern matches it
 * @param maxMessageBytes larger messages (after gunzip too) are dead letters
 * @param filterSchemas per stream name, the Avro schema its filters are type-checked against until the stream's first
 *     alert is seen (from then on, its latest writer schema); a file path or a {@code classpath:} location. Without
 *     one, the built-in schema of the profile (the mock stream's) is used.
 */
@ConfigurationProperties("fountain.alerts")
@Validated
public record StreamsProperties(
        @NotEmpty @Valid List<StreamDefinition> streams,
        @DefaultValue("10485760") @Min(1024) int maxMessageBytes,
        Map<String, String> filterSchemas) {

    @ConstructorBinding
    public StreamsProperties {
        filterSchemas = filterSchemas == null ? Map.of() : Map.copyOf(filterSchemas);
    }

    public StreamsProperties(List<StreamDefinition> streams, int maxMessageBytes) {
        this(streams, maxMessageBytes, Map.of());
    }
}
