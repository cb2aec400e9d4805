package org.fountain.filters.language;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.InvalidFilterException;

/**
 * Fountain's filter language: CEL with the standard macros, evaluated against the top-level fields of an alert.
 *
 * <p>Every top-level field a ZTF-shaped alert can carry is a variable ({@code candidate}, {@code prv_candidates},
 * {@code objectId}, …). Expressions must produce a boolean. Limits on size, nesting and comprehension iterations keep
 * an untrusted expression from costing more than a bounded amount of work.
 */
public final class FilterLanguage {

    /** The variables a ZTF filter may name: the top-level fields of ZTF-shaped alerts. */
    public static final Set<String> ZTF_VARIABLES = Set.of(
            "schemavsn",
            "publisher",
            "objectId",
            "candid",
            "candidate",
            "prv_candidates",
            "fp_hists",
            "cutoutScience",
            "cutoutTemplate",
            "cutoutDifference");

    /** The variables a Rubin filter may name: the top-level fields of Rubin alerts (schema 11). */
    public static final Set<String> LSST_VARIABLES = Set.of(
            "diaSourceId",
            "observation_reason",
            "target_name",
            "diaSource",
            "prvDiaSources",
            "prvDiaForcedSources",
            "diaObject",
            "ssSource",
            "mpc_orbits",
            "cutoutDifference",
            "cutoutScience",
            "cutoutTemplate");

    /** The variables of a stream's filters, by the stream's profile. */
    public static Set<String> variablesFor(String profile) {
        return switch (profile) {
            case "ztf" -> ZTF_VARIABLES;
            case "lsst" -> LSST_VARIABLES;
            default -> {
                java.util.Set<String> all = new java.util.HashSet<>(ZTF_VARIABLES);
                all.addAll(LSST_VARIABLES);
                yield Set.copyOf(all);
            }
        };
    }

    public static final int MAX_EXPRESSION_LENGTH = 4096;

    private final Cel cel;

    public FilterLanguage() {
        this(ZTF_VARIABLES);
    }

    public FilterLanguage(Set<String> variables) {
        var builder = CelFactory.standardCelBuilder()
                .setOptions(CelOptions.current()
                        .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                        .maxParseRecursionDepth(32)
                        .maxParseExpressionNodeCount(1000)
                        .comprehensionMaxIterations(10_000)
                        .maxRegexProgramSize(200)
                        .enableHeterogeneousNumericComparisons(true)
                        .build())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        for (String variable : variables) {
            builder.addVar(variable, SimpleType.DYN);
        }
        this.cel = builder.build();
    }

    /**
     * Compiles an expression into a program ready to run on alerts.
     *
     * @throws InvalidFilterException listing each problem with its line and column
     */
    public FilterProgram compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(0, 0, "the expression is empty")));
        }
        CelValidationResult result;
        try {
            result = cel.compile(expression);
        } catch (RuntimeException e) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(0, 0, e.getMessage())));
        }
        if (result.hasError()) {
            throw InvalidFilterException.because(problemsOf(result.getErrors()));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new FilterProgram(cel.createProgram(ast));
        } catch (CelValidationException e) {
            throw InvalidFilterException.because(problemsOf(e.getErrors()));
        } catch (dev.cel.common.CelException | RuntimeException e) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(0, 0, e.getMessage())));
        }
    }

    private static List<ExpressionProblem> problemsOf(List<CelIssue> issues) {
        List<ExpressionProblem> problems = new ArrayList<>(issues.size());
        for (CelIssue issue : issues) {
            var location = issue.getSourceLocation();
            int line = location.getLine() > 0 ? location.getLine() : 0;
            int column = line > 0 ? location.getColumn() + 1 : 0;
            problems.add(new ExpressionProblem(line, column, issue.getMessage()));
        }
        return problems;
    }
}
