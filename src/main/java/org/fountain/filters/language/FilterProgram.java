package org.fountain.filters.language;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.Map;

/**
 * A compiled filter expression with its type-checked syntax tree (which the matcher reads to index the filter).
 * Immutable and safe to share between threads.
 */
public final class FilterProgram {

    private final CelRuntime.Program program;
    private final CelAbstractSyntaxTree ast;

    FilterProgram(CelRuntime.Program program, CelAbstractSyntaxTree ast) {
        this.program = program;
        this.ast = ast;
    }

    /** The type-checked syntax tree the program was made from. */
    public CelAbstractSyntaxTree ast() {
        return ast;
    }

    /**
     * Runs the expression on an alert's values (as made by {@link AlertValues#of}).
     *
     * @throws FilterEvaluationException when the expression fails on this alert (a missing field, a bad conversion)
     */
    public boolean matches(Map<String, Object> values) throws FilterEvaluationException {
        return run(() -> program.eval(values));
    }

    /**
     * Runs the expression on an alert whose values are converted only when the expression reads them (as made by
     * {@link AlertValues#lazily}).
     *
     * @throws FilterEvaluationException when the expression fails on this alert (a missing field, a bad conversion)
     */
    public boolean matches(CelVariableResolver values) throws FilterEvaluationException {
        return run(() -> program.eval(values));
    }

    private interface Run {
        Object eval() throws CelEvaluationException;
    }

    private static boolean run(Run run) throws FilterEvaluationException {
        try {
            return Boolean.TRUE.equals(run.eval());
        } catch (CelEvaluationException e) {
            throw new FilterEvaluationException(String.valueOf(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new FilterEvaluationException(String.valueOf(e.getMessage()), e);
        }
    }
}
