package org.fountain.filters.language;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/** A compiled filter expression. Immutable and safe to share between threads. */
public final class FilterProgram {

    private final CelRuntime.Program program;

    FilterProgram(CelRuntime.Program program) {
        this.program = program;
    }

    /**
     * Runs the expression on an alert's values (as made by {@link AlertValues}).
     *
     * @throws FilterEvaluationException when the expression fails on this alert (a missing field, a bad conversion)
     */
    public boolean matches(Map<String, Object> values) throws FilterEvaluationException {
        try {
            return Boolean.TRUE.equals(program.eval(values));
        } catch (CelEvaluationException e) {
            throw new FilterEvaluationException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new FilterEvaluationException(String.valueOf(e.getMessage()), e);
        }
    }
}
