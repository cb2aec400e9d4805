package org.fountain.filters;

/**
 * Why an expression was rejected, and where.
 *
 * @param line 1-based line, or 0 when the problem has no position
 * @param column 1-based column, or 0 when the problem has no position
 */
public record ExpressionProblem(int line, int column, String message) {

    /** "line 1, column 18: undeclared reference to 'magpfs'". */
    public String describe() {
        return line > 0 ? "line " + line + ", column " + column + ": " + message : message;
    }
}
