package org.fountain.filters.language;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.StreamDefinition;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.InvalidFilterException;
import org.springframework.stereotype.Component;

/**
 * The filter language of each configured stream, type-checked against the stream's schema: the writer schema of its
 * latest alert, or until then the configured (or built-in) one. A new schema gives a new language.
 */
@Component
public class FilterLanguages {

    private record Cached(Schema schema, FilterLanguage language) {}

    private final AlertDecoder decoder;
    private final Map<String, StreamDefinition> streams = new java.util.LinkedHashMap<>();
    private final Map<String, Cached> languages = new ConcurrentHashMap<>();

    FilterLanguages(AlertDecoder decoder) {
        this.decoder = decoder;
        for (StreamDefinition stream : decoder.streams()) {
            streams.putIfAbsent(stream.name(), stream);
        }
    }

    /** The stream names filters may choose from. */
    public List<String> streams() {
        return List.copyOf(streams.keySet());
    }

    /**
     * Compiles an expression for a stream.
     *
     * @throws InvalidFilterException when the stream is unknown or the expression does not compile
     */
    public FilterProgram compile(String stream, String expression) {
        return languageFor(stream).compile(expression);
    }

    /** The fields a stream's filters can use, for the editor. */
    public List<FieldDescription> fields(String stream) {
        return languageFor(stream).fields();
    }

    /**
     * The language of a stream: compile with it, and use it to tell whether a compiled program is still current.
     *
     * @throws InvalidFilterException when the stream is unknown or no schema is known for it yet
     */
    public FilterLanguage languageFor(String stream) {
        StreamDefinition definition = streams.get(stream);
        if (definition == null) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0, 0, "unknown stream '" + stream + "'; streams: " + String.join(", ", streams.keySet()))));
        }
        Optional<Schema> schema = decoder.typingSchema(stream);
        Cached cached = languages.get(stream);
        if (cached != null && cached.schema() == schema.orElse(null)) {
            return cached.language();
        }
        if (schema.isEmpty()) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0,
                    0,
                    "no schema is known for stream '" + stream + "' until its first alert arrives; configure"
                            + " fountain.alerts.filter-schemas." + stream + " to write filters before then")));
        }
        FilterLanguage language = new FilterLanguage(schema.get());
        languages.put(stream, new Cached(schema.get(), language));
        return language;
    }
}
