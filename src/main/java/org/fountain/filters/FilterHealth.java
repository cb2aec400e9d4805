package org.fountain.filters;

/** How a filter has fared on the live stream since this instance started. */
public record FilterHealth(long evaluations, long matches, long errors, String lastError) {

    public static final FilterHealth NONE = new FilterHealth(0, 0, 0, null);
}
