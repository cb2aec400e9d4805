package org.fountain.filters;

/**
 * How a filter has fared on the live stream since this instance started, and why it does not run as saved (it does
 * not compile against its stream's schema), if so.
 */
public record FilterHealth(long evaluations, long matches, long errors, String lastError, String problem) {

    public static final FilterHealth NONE = new FilterHealth(0, 0, 0, null, null);
}
