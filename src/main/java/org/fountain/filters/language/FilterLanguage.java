package org.fountain.filters.language;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelProtoAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.expr.CheckedExpr;
import dev.cel.parser.CelStandardMacro;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.InvalidFilterException;

/**
 * Fountain's filter language: CEL with the standard macros, evaluated against the top-level fields of an alert.
 *
 * <p>Expressions are type-checked against the stream's Avro schema: its top-level fields are the variables
 * ({@code candidate}, {@code prv_candidates}, {@code objectId}, … for ZTF). Expressions must produce a boolean. Limits on size, nesting and comprehension iterations keep
 * an untrusted expression from costing more than a bounded amount of work.
 */
public final class FilterLanguage {

    public static final int MAX_EXPRESSION_LENGTH = 4096;

    /** Changes whenever the functions or options change, so that stored checked programs of an older one are unused. */
    static final String VERSION = "fountain-cel-1";

    private final Cel cel;
    private final String fingerprint;
    private final Set<String> variables;
    private final Set<String> fieldNames;
    private final List<AvroCelTypes.FieldInfo> fields;

    /** A language type-checked against an Avro alert schema: its top-level fields are the variables. */
    public FilterLanguage(Schema alertSchema) {
        this(alertSchema, Clock.systemUTC());
    }

    /** As {@link #FilterLanguage(Schema)}, with {@code days_since} counting to the given clock's now. */
    public FilterLanguage(Schema alertSchema, Clock clock) {
        AvroCelTypes types = new AvroCelTypes(alertSchema);
        this.variables = Set.copyOf(types.variables().keySet());
        this.fieldNames = Set.copyOf(types.fieldNames());
        this.fields = List.copyOf(types.fields());
        this.fingerprint = VERSION + ":" + Long.toHexString(SchemaNormalization.parsingFingerprint64(alertSchema));
        var builder = baseBuilder(clock).setTypeProvider(types);
        types.variables().forEach(builder::addVar);
        this.cel = builder.build();
    }

    private static dev.cel.bundle.CelBuilder baseBuilder(Clock clock) {
        return CelFactory.standardCelBuilder()
                .setOptions(CelOptions.current()
                        .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                        .maxParseRecursionDepth(32)
                        .maxParseExpressionNodeCount(1000)
                        .comprehensionMaxIterations(10_000)
                        .maxRegexProgramSize(200)
                        .enableHeterogeneousNumericComparisons(true)
                        .build())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addFunctionDeclarations(AstronomyFunctions.declarations())
                .addFunctionBindings(AstronomyFunctions.bindings(clock))
                .setResultType(SimpleType.BOOL);
    }

    /** Names this language: the same fingerprint, the same type-checking of every expression. */
    public String fingerprint() {
        return fingerprint;
    }

    /** A compiled program's type-checked syntax tree as bytes (a CEL {@code CheckedExpr}), to be kept. */
    public static byte[] checkedBytes(FilterProgram program) {
        return CelProtoAbstractSyntaxTree.fromCelAst(program.ast())
                .toCheckedExpr()
                .toByteArray();
    }

    /**
     * The program of a syntax tree this language checked before ({@link #checkedBytes}): parsing and type-checking,
     * nearly all the cost of compiling, are skipped.
     *
     * @throws InvalidFilterException when the bytes are not a checked expression this language can run
     */
    public FilterProgram fromChecked(byte[] checked) {
        try {
            CelAbstractSyntaxTree ast = CelProtoAbstractSyntaxTree.fromCheckedExpr(CheckedExpr.parseFrom(checked))
                    .getAst();
            return new FilterProgram(cel.createProgram(ast), ast);
        } catch (InvalidProtocolBufferException | dev.cel.common.CelException | RuntimeException e) {
            throw InvalidFilterException.because(
                    List.of(new ExpressionProblem(0, 0, "a kept program cannot be read: " + e.getMessage())));
        }
    }

    /** Every field of the schema, with its path, type and documentation, for the editor. */
    public List<FieldDescription> fields() {
        return fields.stream()
                .map(f -> new FieldDescription(f.path(), f.name(), f.type(), f.doc()))
                .toList();
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
            throw InvalidFilterException.because(List.of(new ExpressionProblem(0, 0, String.valueOf(e.getMessage()))));
        }
        if (result.hasError()) {
            throw InvalidFilterException.because(problemsOf(result.getErrors()));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new FilterProgram(cel.createProgram(ast), ast);
        } catch (CelValidationException e) {
            throw InvalidFilterException.because(problemsOf(e.getErrors()));
        } catch (dev.cel.common.CelException | RuntimeException e) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(0, 0, String.valueOf(e.getMessage()))));
        }
    }

    private List<ExpressionProblem> problemsOf(List<CelIssue> issues) {
        List<ExpressionProblem> problems = new ArrayList<>(issues.size());
        for (CelIssue issue : issues) {
            var location = issue.getSourceLocation();
            int line = location.getLine() > 0 ? location.getLine() : 0;
            int column = line > 0 ? location.getColumn() + 1 : 0;
            problems.add(new ExpressionProblem(line, column, explain(issue.getMessage())));
        }
        return problems;
    }

    private static final Pattern UNDEFINED_FIELD = Pattern.compile("undefined field '([^']+)'");
    private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'");

    /** CEL's message, with the nearest names for a misspelling and a hint for whole-number arguments. */
    private String explain(String message) {
        Matcher field = UNDEFINED_FIELD.matcher(message);
        if (field.find()) {
            return message + suggestion(field.group(1), fieldNames);
        }
        Matcher reference = UNDECLARED.matcher(message);
        if (reference.find()) {
            Set<String> names = new HashSet<>(variables);
            names.addAll(FUNCTIONS);
            return message + suggestion(reference.group(1), names);
        }
        if (message.contains("no matching overload") && message.contains("int")) {
            return message + " (write whole numbers as decimals where a double is wanted, e.g. 30.0)";
        }
        return message;
    }

    private static final Set<String> FUNCTIONS =
            AstronomyFunctions.FUNCTIONS.stream().map(FilterFunction::name).collect(Collectors.toUnmodifiableSet());

    static String suggestion(String wrong, Collection<String> names) {
        List<String> nearest = names.stream()
                .map(n -> Map.entry(n, distance(wrong.toLowerCase(), n.toLowerCase())))
                .filter(e -> e.getValue() <= Math.max(2, wrong.length() / 3))
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(3)
                .map(Map.Entry::getKey)
                .toList();
        return nearest.isEmpty() ? "" : " (did you mean " + String.join(" or ", nearest) + "?)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
