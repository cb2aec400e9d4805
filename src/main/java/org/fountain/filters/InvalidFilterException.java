package org.fountain.filters;

import java.util.List;

/** A filter expression that does not compile, with every problem found and its position. */
public class InvalidFilterException extends RuntimeException {

    private final List<ExpressionProblem> problems;

    private InvalidFilterException(List<ExpressionProblem> problems) {
        super(problems.isEmpty() ? "invalid filter" : problems.get(0).describe());
        this.problems = List.copyOf(problems);
    }

    public static InvalidFilterException because(List<ExpressionProblem> problems) {
        return new InvalidFilterException(problems);
    }

    public List<ExpressionProblem> problems() {
        return problems;
    }
}
