package org.fountain.matching;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a type-checked filter: splits its top-level {@code &&} into conjuncts and keeps those the index understands
 * ({@link Predicate}): a field compared with a numeric constant ({@code < <= > >=}), a field equal to a constant or
 * {@code in} a list of constants, and {@code cone(...)} of a position with a constant centre and radius. Conjuncts
 * that no index serves but that can be decided on raw values are kept too ({@link Condition}: arithmetic, {@code abs},
 * {@code size}, galactic coordinates, null tests; {@code exists} and {@code all} over the history), so that CEL need not run when they
 * decide. Everything else (string functions, nested macros, {@code has}, time, the other astronomy functions) stays
 * with CEL.
 */
final class Conjuncts {

    private static final String AND = "_&&_";
    private static final String NEGATE = "-_";

    private Conjuncts() {}

    /**
     * A filter's indexable conjuncts, and whether they are all of it (then the filter's value follows from theirs and
     * CEL need not run when they are all certainly true).
     */
    record Analysis(List<Predicate> predicates, boolean complete) {}

    static Analysis of(CelAbstractSyntaxTree ast, FieldIds ids) {
        List<CelExpr> conjuncts = new ArrayList<>();
        flatten(ast.getExpr(), conjuncts);
        List<Predicate> predicates = new ArrayList<>();
        for (CelExpr conjunct : conjuncts) {
            Predicate predicate = classify(conjunct, ids);
            if (predicate != null) {
                predicates.add(shareable(predicate) ? ids.shared(predicate) : predicate);
            }
        }
        boolean complete = predicates.size() == conjuncts.size();
        return new Analysis(List.copyOf(withRanges(predicates)), complete);
    }

    /**
     * Whether a conjunct is worth deciding once per alert for all the filters that have it: those the index's arrays
     * do not check (comparisons and equalities with constants are cheaper to check than to look up).
     */
    private static boolean shareable(Predicate predicate) {
        return predicate instanceof Predicate.Junction
                || predicate instanceof Predicate.Not
                || predicate instanceof Predicate.Test
                || predicate instanceof Predicate.Each;
    }

    /** Joins a lower and an upper bound on one field into a {@link Predicate.Range} (the tightest of each). */
    private static List<Predicate> withRanges(List<Predicate> predicates) {
        Map<Integer, Predicate.Compare> lowers = new HashMap<>();
        Map<Integer, Predicate.Compare> uppers = new HashMap<>();
        for (Predicate predicate : predicates) {
            if (predicate instanceof Predicate.Compare c) {
                Map<Integer, Predicate.Compare> side = c.atMost() ? uppers : lowers;
                Predicate.Compare other = side.get(c.field());
                if (other == null || (c.atMost() ? c.bound() < other.bound() : c.bound() > other.bound())) {
                    side.put(c.field(), c);
                }
            }
        }
        List<Predicate> result = new ArrayList<>(predicates);
        for (Map.Entry<Integer, Predicate.Compare> lower : lowers.entrySet()) {
            Predicate.Compare upper = uppers.get(lower.getKey());
            if (upper != null) {
                result.add(new Predicate.Range(lower.getValue(), upper));
            }
        }
        return result;
    }

    private static void flatten(CelExpr expr, List<CelExpr> into) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL
                && expr.call().function().equals(AND)
                && expr.call().target().isEmpty()) {
            for (CelExpr arg : expr.call().args()) {
                flatten(arg, into);
            }
        } else {
            into.add(expr);
        }
    }

    private static @Nullable Predicate classify(CelExpr expr, FieldIds ids) {
        Predicate indexable = indexable(expr, ids);
        if (indexable != null) {
            return indexable;
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
            return each(expr.comprehension(), ids);
        }
        Condition condition = condition(expr, ids, null);
        return condition == null ? null : new Predicate.Test(condition);
    }

    private static @Nullable Predicate indexable(CelExpr expr, FieldIds ids) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL || expr.call().target().isPresent()) {
            return null;
        }
        String function = expr.call().function();
        List<CelExpr> args = expr.call().args();
        return switch (function) {
            case "_||_", AND -> junction(function, expr, ids);
            case "!_" -> {
                Predicate inner = args.size() == 1 ? classify(args.get(0), ids) : null;
                yield inner == null ? null : new Predicate.Not(inner);
            }
            case "_!=_" -> {
                Predicate equal = args.size() == 2 ? comparison("_==_", args, ids) : null;
                yield equal == null ? null : new Predicate.Not(equal);
            }
            case "_<_", "_<=_", "_>_", "_>=_", "_==_" -> args.size() == 2 ? comparison(function, args, ids) : null;
            case "@in" -> args.size() == 2 ? membership(args, ids) : null;
            case "cone" -> args.size() == 5 ? cone(args, ids) : null;
            default -> null;
        };
    }

    /** A disjunction (or a conjunction inside one) whose every part is understood. */
    private static @Nullable Predicate junction(String function, CelExpr expr, FieldIds ids) {
        List<CelExpr> operands = new ArrayList<>();
        collect(expr, function, operands);
        List<Predicate> parts = new ArrayList<>();
        for (CelExpr operand : operands) {
            Predicate part = classify(operand, ids);
            if (part == null) {
                return null;
            }
            parts.add(part);
        }
        return new Predicate.Junction(List.copyOf(parts), !function.equals(AND));
    }

    private static void collect(CelExpr expr, String function, List<CelExpr> into) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL
                && expr.call().function().equals(function)
                && expr.call().target().isEmpty()) {
            for (CelExpr arg : expr.call().args()) {
                collect(arg, function, into);
            }
        } else {
            into.add(expr);
        }
    }

    private static @Nullable Predicate comparison(String function, List<CelExpr> args, FieldIds ids) {
        FieldRef field = path(args.get(0));
        Object constant = constant(args.get(1));
        boolean flipped = false;
        if (field == null) {
            field = path(args.get(1));
            constant = constant(args.get(0));
            flipped = true;
        }
        if (field == null || constant == null) {
            return null;
        }
        int id = ids.idOf(field);
        if (function.equals("_==_")) {
            Object key = AlertFields.key(constant);
            return key == null ? null : new Predicate.OneOf(id, Set.of(key), key.getClass());
        }
        if (!(constant instanceof Long || constant instanceof Double)) {
            return null;
        }
        double bound = ((Number) constant).doubleValue();
        boolean upper = function.equals("_<_") || function.equals("_<=_");
        boolean strict = function.equals("_<_") || function.equals("_>_");
        return new Predicate.Compare(id, bound, upper != flipped, strict);
    }

    private static @Nullable Predicate membership(List<CelExpr> args, FieldIds ids) {
        FieldRef field = path(args.get(0));
        if (field == null || args.get(1).getKind() != CelExpr.ExprKind.Kind.LIST) {
            return null;
        }
        Set<Object> keys = new HashSet<>();
        Class<?> kind = null;
        for (CelExpr element : args.get(1).list().elements()) {
            Object key = AlertFields.key(constant(element));
            if (key == null || (kind != null && key.getClass() != kind)) {
                return null;
            }
            kind = key.getClass();
            keys.add(key);
        }
        return kind == null ? null : new Predicate.OneOf(ids.idOf(field), Set.copyOf(keys), kind);
    }

    private static @Nullable Predicate cone(List<CelExpr> args, FieldIds ids) {
        Double radius = number(args.get(4));
        if (radius == null) {
            return null;
        }
        FieldRef ra = path(args.get(0));
        FieldRef dec = path(args.get(1));
        Double ra0 = number(args.get(2));
        Double dec0 = number(args.get(3));
        boolean alertFirst = true;
        if (ra == null || dec == null || ra0 == null || dec0 == null) {
            ra = path(args.get(2));
            dec = path(args.get(3));
            ra0 = number(args.get(0));
            dec0 = number(args.get(1));
            alertFirst = false;
        }
        if (ra == null || dec == null || ra0 == null || dec0 == null) {
            return null;
        }
        return new Predicate.Cone(ids.idOf(ra), ids.idOf(dec), ra0, dec0, radius, alertFirst);
    }

    /**
     * {@code list.exists(p, body)} or {@code list.all(p, body)} as CEL expands the macro: an accumulator starting
     * false and or-ed with the body (exists), or starting true and and-ed with it (all), over a list field of the
     * alert, with a body the matcher can decide.
     */
    private static @Nullable Predicate each(CelExpr.CelComprehension loop, FieldIds ids) {
        if (!loop.iterVar2().isEmpty()
                || loop.result().getKind() != CelExpr.ExprKind.Kind.IDENT
                || !loop.result().ident().name().equals(loop.accuVar())
                || !(constant(loop.accuInit()) instanceof Boolean init)
                || loop.loopStep().getKind() != CelExpr.ExprKind.Kind.CALL) {
            return null;
        }
        String step = loop.loopStep().call().function();
        List<CelExpr> args = loop.loopStep().call().args();
        boolean any = !init && step.equals("_||_");
        boolean all = init && step.equals(AND);
        if (!(any || all)
                || args.size() != 2
                || args.get(0).getKind() != CelExpr.ExprKind.Kind.IDENT
                || !args.get(0).ident().name().equals(loop.accuVar())) {
            return null;
        }
        FieldRef list = path(loop.iterRange());
        Condition body = condition(args.get(1), ids, loop.iterVar());
        if (list == null || body == null || list.names()[0].equals(loop.iterVar())) {
            return null;
        }
        return new Predicate.Each(ids.idOf(list), any, body);
    }

    /** A comparison of numeric terms, a null test, or {@code && || !} of them; null when not understood. */
    private static @Nullable Condition condition(CelExpr expr, FieldIds ids, @Nullable String element) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL || expr.call().target().isPresent()) {
            return null;
        }
        String function = expr.call().function();
        List<CelExpr> args = expr.call().args();
        switch (function) {
            case AND, "_||_" -> {
                List<CelExpr> operands = new ArrayList<>();
                collect(expr, function, operands);
                List<Condition> parts = new ArrayList<>();
                for (CelExpr operand : operands) {
                    Condition part = condition(operand, ids, element);
                    if (part == null) {
                        return null;
                    }
                    parts.add(part);
                }
                return new Condition.Junction(List.copyOf(parts), !function.equals(AND));
            }
            case "!_" -> {
                Condition inner = args.size() == 1 ? condition(args.get(0), ids, element) : null;
                return inner == null ? null : new Condition.Not(inner);
            }
            case "_<_", "_<=_", "_>_", "_>=_", "_==_", "_!=_" -> {
                if (args.size() != 2) {
                    return null;
                }
                Condition.Term left = term(args.get(0), ids, element);
                Condition.Term right = term(args.get(1), ids, element);
                String op = function.substring(1, function.length() - 1);
                return left == null || right == null ? null : new Condition.Comparison(op, left, right);
            }
            default -> {
                return null;
            }
        }
    }

    /** A numeric term: a field, a field of the current element, a literal, arithmetic, abs or size; or null. */
    private static Condition.@Nullable Term term(CelExpr expr, FieldIds ids, @Nullable String element) {
        Object constant = constant(expr);
        if (constant instanceof Double || constant instanceof Long l && l > -Predicate.EXACT && l < Predicate.EXACT) {
            return new Condition.Constant(constant);
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.NULL_VALUE) {
            return new Condition.Constant(Condition.NULL);
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT || expr.getKind() == CelExpr.ExprKind.Kind.IDENT) {
            FieldRef field = path(expr);
            if (field == null) {
                return null;
            } else if (element != null && field.names()[0].equals(element)) {
                return field.names().length == 2 ? new Condition.ElementField(field.names()[1]) : null;
            }
            return new Condition.Field(ids.idOf(field));
        }
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return null;
        }
        String function = expr.call().function();
        List<CelExpr> args = new ArrayList<>(expr.call().args());
        expr.call().target().ifPresent(target -> args.add(0, target));
        if (function.equals("size") && args.size() == 1) {
            FieldRef list = path(args.get(0));
            boolean fromElement = list != null && element != null && list.names()[0].equals(element);
            return list == null || fromElement ? null : new Condition.Size(ids.idOf(list));
        }
        if (expr.call().target().isPresent()) {
            return null;
        }
        if ((function.equals("galactic_latitude") || function.equals("galactic_longitude")) && args.size() == 2) {
            Condition.Term ra = term(args.get(0), ids, element);
            Condition.Term dec = term(args.get(1), ids, element);
            return ra == null || dec == null
                    ? null
                    : new Condition.Galactic(function.equals("galactic_latitude"), ra, dec);
        }
        char op = switch (function) {
            case "_+_" -> '+';
            case "_-_" -> '-';
            case "_*_" -> '*';
            case "_/_" -> '/';
            case NEGATE -> 'n';
            case "abs" -> 'a';
            default -> 0;
        };
        boolean unary = op == 'n' || op == 'a';
        if (op == 0 || args.size() != (unary ? 1 : 2)) {
            return null;
        }
        Condition.Term left = term(args.get(0), ids, element);
        Condition.Term right = unary ? null : term(args.get(1), ids, element);
        return left == null || (!unary && right == null) ? null : new Condition.Arithmetic(op, left, right);
    }

    /** The field path of a chain of selections from a variable ({@code candidate.magpsf}), or null. */
    private static @Nullable FieldRef path(CelExpr expr) {
        StringBuilder path = new StringBuilder();
        CelExpr current = expr;
        while (current.getKind() == CelExpr.ExprKind.Kind.SELECT) {
            if (current.select().testOnly()) {
                return null;
            }
            path.insert(0, "." + current.select().field());
            current = current.select().operand();
        }
        if (current.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return null;
        }
        return FieldRef.of(current.ident().name() + path);
    }

    private static @Nullable Double number(CelExpr expr) {
        Object constant = constant(expr);
        return constant instanceof Double d ? d : null;
    }

    /** A literal as Long, Double, String or Boolean (a negated number too), or null. */
    private static @Nullable Object constant(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL
                && expr.call().function().equals(NEGATE)
                && expr.call().args().size() == 1) {
            Object inner = constant(expr.call().args().get(0));
            if (inner instanceof Long l && l != Long.MIN_VALUE) {
                return -l;
            }
            return inner instanceof Double d ? -d : null;
        }
        if (expr.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
            return null;
        }
        CelConstant constant = expr.constant();
        return switch (constant.getKind()) {
            case INT64_VALUE -> constant.int64Value();
            case DOUBLE_VALUE -> constant.doubleValue();
            case STRING_VALUE -> constant.stringValue();
            case BOOLEAN_VALUE -> constant.booleanValue();
            default -> null;
        };
    }
}
