package org.fountain.filters;

/** What a user submits to create or change a filter. */
public record FilterDraft(String name, String expression, String stream, Visibility visibility, boolean active) {

    /** A private, live filter on the ZTF stream. */
    public static FilterDraft of(String name, String expression) {
        return new FilterDraft(name, expression, "ztf", Visibility.PRIVATE, true);
    }
}
