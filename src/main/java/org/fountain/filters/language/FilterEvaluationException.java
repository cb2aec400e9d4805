package org.fountain.filters.language;

/** A filter failed on one alert. */
public final class FilterEvaluationException extends Exception {

    FilterEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
