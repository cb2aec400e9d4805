package org.fountain.filters;

import org.jspecify.annotations.Nullable;

/** What a user submits to create or change a filter. */
public record FilterDraft(
        String name,
        String description,
        String expression,
        String stream,
        Visibility visibility,
        boolean active,
        boolean kafkaOutput) {

    /** The stream a filter reads when its author names none. */
    public static final String DEFAULT_STREAM = "ztf";

    public FilterDraft {
        description = description == null ? "" : description;
        visibility = visibility == null ? Visibility.PRIVATE : visibility;
        stream = streamOrDefault(stream);
    }

    /** The stream named, or {@link #DEFAULT_STREAM} where none is. */
    public static String streamOrDefault(@Nullable String stream) {
        return stream == null || stream.isBlank() ? DEFAULT_STREAM : stream;
    }

    /** A private, live filter on the ZTF stream. */
    public static FilterDraft of(String name, String expression) {
        return new FilterDraft(name, "", expression, DEFAULT_STREAM, Visibility.PRIVATE, true, false);
    }

    /** A private, live filter on a stream. */
    public static FilterDraft on(String stream, String name, String expression) {
        return new FilterDraft(name, "", expression, stream, Visibility.PRIVATE, true, false);
    }
}
