package org.fountain.matching;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Sky;
import org.jspecify.annotations.Nullable;

/**
 * A part of a filter that no index serves but that the matcher can still decide on raw Avro values, so that CEL need
 * not run: comparisons between numeric terms ({@code abs(candidate.magdiff) < 0.1},
 * {@code p.magpsf - candidate.magpsf > 0.5}, {@code size(prv_candidates) > 25}, galactic coordinates), null tests,
 * and their
 * {@code && || !}. Inside a history macro ({@link Predicate.Each}) terms may read the current element. Like
 * {@link Predicate}, it answers {@link Predicate#UNKNOWN} whenever CEL might answer differently from plain
 * arithmetic: a null or missing operand, a whole number in arithmetic (CEL's overflow errors), a whole number beyond
 * 2^53, anything not a number.
 */
sealed interface Condition {

    /** {@link Predicate#TRUE}, {@link Predicate#FALSE} or {@link Predicate#UNKNOWN}; {@code element} may be null. */
    int truth(AlertFields alert, @Nullable GenericRecord element);

    /** A term's value stands for CEL's null: the field is there and holds null. */
    Object NULL = new Object();

    /**
     * A numeric expression. Its value is a {@link Double} (a CEL double), a {@link Long} (a CEL int, within
     * ±2^53), {@link #NULL}, or null when it cannot be judged.
     */
    sealed interface Term {
        @Nullable
        Object value(AlertFields alert, @Nullable GenericRecord element);
    }

    /** A field of the alert, read through the alert's cache of field values. */
    record Field(int id) implements Term {
        @Override
        public @Nullable Object value(AlertFields alert, @Nullable GenericRecord element) {
            Object value = alert.get(id);
            return value == null ? null : number(value);
        }
    }

    /**
     * A field of the history entry the macro is at ({@code p.magpsf}). The field's position is looked up once per
     * entry schema (all entries of a list usually share one), not by name for every entry.
     */
    final class ElementField implements Term {
        private final String name;
        /** The last schema seen and the field's position in it (-1: no such field), replaced as a whole. */
        private volatile Position last = new Position(null, -1);

        private record Position(@Nullable Schema schema, int pos) {}

        ElementField(String name) {
            this.name = name;
        }

        @Nullable
        String name() {
            return name;
        }

        @Override
        public @Nullable Object value(AlertFields alert, @Nullable GenericRecord element) {
            if (element == null) {
                return null;
            }
            Schema schema = element.getSchema();
            Position position = last;
            if (position.schema() != schema) {
                Schema.Field field = schema.getField(name);
                position = new Position(schema, field == null ? -1 : field.pos());
                last = position;
            }
            if (position.pos() < 0) {
                return null; // CEL: no such key
            }
            Object value = element.get(position.pos());
            return value == null ? NULL : number(value);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ElementField e && e.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "ElementField[" + name + "]";
        }
    }

    /** A numeric literal, or null. */
    record Constant(Object value) implements Term {
        @Override
        public Object value(AlertFields alert, @Nullable GenericRecord element) {
            return value;
        }
    }

    /** {@code a + b}, {@code a - b}, {@code a * b}, {@code a / b}, {@code -a}, {@code abs(a)} on doubles. */
    record Arithmetic(char op, Term left, @Nullable Term right) implements Term {
        @Override
        public @Nullable Object value(AlertFields alert, @Nullable GenericRecord element) {
            Object a = left.value(alert, element);
            if (op == 'a' && a instanceof Long l) {
                return exact(Math.abs(l));
            }
            if (!(a instanceof Double x)) {
                return null;
            }
            if (op == 'n') {
                return -x;
            } else if (op == 'a') {
                return Math.abs(x);
            }
            if (right == null || !(right.value(alert, element) instanceof Double y)) {
                return null;
            }
            return switch (op) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                default -> x / y;
            };
        }
    }

    /**
     * {@code galactic_latitude(ra, dec)} ({@code latitude}) or {@code galactic_longitude(ra, dec)} of doubles, by the
     * very method the filter language binds, so that the value is the one CEL would compute.
     */
    record Galactic(boolean latitude, Term ra, Term dec) implements Term {
        @Override
        public @Nullable Object value(AlertFields alert, @Nullable GenericRecord element) {
            if (ra.value(alert, element) instanceof Double r && dec.value(alert, element) instanceof Double d) {
                return latitude ? Sky.galacticLatitude(r, d) : Sky.galacticLongitude(r, d);
            }
            return null;
        }
    }

    /** {@code size(list)} of a list field. */
    record Size(int list) implements Term {
        @Override
        public @Nullable Object value(AlertFields alert, @Nullable GenericRecord element) {
            return alert.get(list) instanceof List<?> items ? (Object) (long) items.size() : null;
        }
    }

    /** {@code a OP b} for OP one of {@code < <= > >= == !=}; {@code == null} and {@code != null} too. */
    record Comparison(String op, Term left, Term right) implements Condition {
        @Override
        public int truth(AlertFields alert, @Nullable GenericRecord element) {
            Object a = left.value(alert, element);
            if (a == null) {
                return Predicate.UNKNOWN;
            }
            Object b = right.value(alert, element);
            if (b == null) {
                return Predicate.UNKNOWN;
            }
            if (a == NULL || b == NULL) {
                if (!op.equals("==") && !op.equals("!=")) {
                    return Predicate.UNKNOWN;
                }
                return (a == b) == op.equals("==") ? Predicate.TRUE : Predicate.FALSE;
            }
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            boolean holds = switch (op) {
                case "<" -> x < y;
                case "<=" -> x <= y;
                case ">" -> x > y;
                case ">=" -> x >= y;
                case "==" -> x == y;
                default -> x != y;
            };
            return holds ? Predicate.TRUE : Predicate.FALSE;
        }
    }

    /** {@code &&} ({@code any} false) or {@code ||} of understood parts, with CEL's commutative error rules. */
    record Junction(List<Condition> parts, boolean any) implements Condition {
        @Override
        public int truth(AlertFields alert, @Nullable GenericRecord element) {
            int decisive = any ? Predicate.TRUE : Predicate.FALSE;
            int result = 1 - decisive;
            for (Condition part : parts) {
                int truth = part.truth(alert, element);
                if (truth == decisive) {
                    return decisive;
                }
                if (truth == Predicate.UNKNOWN) {
                    result = Predicate.UNKNOWN;
                }
            }
            return result;
        }
    }

    /** {@code !c}. */
    record Not(Condition inner) implements Condition {
        @Override
        public int truth(AlertFields alert, @Nullable GenericRecord element) {
            int truth = inner.truth(alert, element);
            return truth == Predicate.UNKNOWN ? Predicate.UNKNOWN : 1 - truth;
        }
    }

    /** A raw Avro number as a term value: floats as Double, whole numbers as Long within ±2^53; null otherwise. */
    private static @Nullable Object number(Object value) {
        if (value instanceof Double) {
            return value;
        } else if (value instanceof Float f) {
            return f.doubleValue();
        } else if (value instanceof Integer i) {
            return (long) i;
        } else if (value instanceof Long l) {
            return exact(l);
        }
        return null;
    }

    private static @Nullable Object exact(long value) {
        return value > -Predicate.EXACT && value < Predicate.EXACT ? (Object) value : null;
    }
}
