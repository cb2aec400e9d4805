package org.fountain.filters.language;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fountain.alerts.StreamDefinition;
import org.fountain.alerts.StreamsProperties;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.InvalidFilterException;
import org.springframework.stereotype.Component;

/** The filter language of each configured stream. */
@Component
public class FilterLanguages {

    private final Map<String, FilterLanguage> byStream = new LinkedHashMap<>();

    FilterLanguages(StreamsProperties streams) {
        for (StreamDefinition stream : streams.streams()) {
            byStream.putIfAbsent(stream.name(), new FilterLanguage(FilterLanguage.variablesFor(stream.profile())));
        }
    }

    /** The stream names filters may choose from. */
    public List<String> streams() {
        return List.copyOf(byStream.keySet());
    }

    /**
     * Compiles an expression for a stream.
     *
     * @throws InvalidFilterException when the stream is unknown or the expression does not compile
     */
    public FilterProgram compile(String stream, String expression) {
        FilterLanguage language = byStream.get(stream);
        if (language == null) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0, 0, "unknown stream '" + stream + "'; streams: " + String.join(", ", byStream.keySet()))));
        }
        return language.compile(expression);
    }
}
