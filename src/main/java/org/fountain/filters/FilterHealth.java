package org.fountain.filters;

import org.jspecify.annotations.Nullable;

/**
 * How a filter has fared on the live stream since this instance started, and why it does not run as saved (it does
 * not compile against its stream's schema), if so; {@code costSeconds} estimates the CPU time its evaluations took
 * (from a sample of them).
 */
public record FilterHealth(
        long evaluations,
        long matches,
        long errors,
        @Nullable String lastError,
        @Nullable String problem,
        double costSeconds) {

    public static final FilterHealth NONE = new FilterHealth(0, 0, 0, null, null, 0);

    public FilterHealth(
            long evaluations, long matches, long errors, @Nullable String lastError, @Nullable String problem) {
        this(evaluations, matches, errors, lastError, problem, 0);
    }
}
