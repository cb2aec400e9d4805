package org.fountain.filters;

import java.time.Instant;

/** One saved version of a filter. */
public record FilterVersion(
        long filterId,
        int version,
        String name,
        String description,
        String expression,
        String stream,
        Visibility visibility,
        boolean active,
        boolean kafkaOutput,
        Instant savedAt) {

    public FilterDraft toDraft() {
        return new FilterDraft(name, description, expression, stream, visibility, active, kafkaOutput);
    }
}
