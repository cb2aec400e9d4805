package org.fountain.matching;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Sky;
import org.jspecify.annotations.Nullable;

/**
 * A conjunct of a filter's top-level {@code &&} that the index understands. From an alert's raw field values each
 * says whether it is certainly true, certainly false, or cannot tell ({@link #UNKNOWN}): a value it cannot judge
 * (null, missing, of another type, a whole number beyond 2^53) leaves the decision to CEL. A filter is false as soon
 * as one conjunct is false (CEL's {@code false && error} is false), and true without CEL when every conjunct of a
 * filter that has no others is true.
 */
sealed interface Predicate {

    int FALSE = 0;
    int TRUE = 1;
    int UNKNOWN = 2;

    /** {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} for the alert. */
    int truth(AlertFields alert);

    /** The largest whole number every smaller one of which a double holds exactly. */
    long EXACT = 1L << 53;

    /** The value as a double when it compares exactly as one; NaN for NaN; null when it cannot be judged. */
    static @Nullable Double exactNumber(@Nullable Object value) {
        if (value instanceof Double d) {
            return d;
        } else if (value instanceof Float f) {
            return f.doubleValue();
        } else if (value instanceof Integer i) {
            return i.doubleValue();
        } else if (value instanceof Long l && l > -EXACT && l < EXACT) {
            return l.doubleValue();
        }
        return null;
    }

    /** {@code field OP bound} for OP one of {@code < <= > >=}. */
    record Compare(int field, double bound, boolean upper, boolean strict) implements Predicate {
        @Override
        public int truth(AlertFields alert) {
            if (!alert.hasNumber(field)) {
                return UNKNOWN;
            }
            double x = alert.number(field);
            boolean holds = upper ? (strict ? x < bound : x <= bound) : (strict ? x > bound : x >= bound);
            return holds ? TRUE : FALSE;
        }

        /** Whether the index keeps it with the upper bounds ({@code <=}) or the lower ({@code >=}). */
        boolean atMost() {
            return upper;
        }
    }

    /**
     * {@code lower <(=) field && field <(=) upper}: both bounds of one field, so that the index can file the filter by
     * the narrow interval rather than by either half.
     */
    record Range(Compare lower, Compare upper) implements Predicate {
        @Override
        public int truth(AlertFields alert) {
            int below = upper.truth(alert);
            return below == TRUE ? lower.truth(alert) : below;
        }

        int field() {
            return lower.field();
        }
    }

    /**
     * A disjunction ({@code any}) or a conjunction inside one, of understood parts. CEL's {@code ||} is true when
     * one part is, even if another fails; false when all are false; {@code &&} the other way round.
     */
    record Junction(List<Predicate> parts, boolean any) implements Predicate {
        @Override
        public int truth(AlertFields alert) {
            int decisive = any ? TRUE : FALSE;
            int result = 1 - decisive;
            for (Predicate part : parts) {
                int truth = part.truth(alert);
                if (truth == decisive) {
                    return decisive;
                }
                if (truth == UNKNOWN) {
                    result = UNKNOWN;
                }
            }
            return result;
        }
    }

    /** A negation ({@code !x}, or {@code a != b} as {@code !(a == b)}). */
    record Not(Predicate inner) implements Predicate {
        @Override
        public int truth(AlertFields alert) {
            int truth = inner.truth(alert);
            return truth == UNKNOWN ? UNKNOWN : 1 - truth;
        }
    }

    /**
     * {@code field == constant} or {@code field in [constants]}, with the constants as {@link AlertFields#key} keys,
     * all of one kind.
     */
    record OneOf(int field, Set<Object> keys, Class<?> kind) implements Predicate {
        @Override
        public int truth(AlertFields alert) {
            Object key = alert.key(field);
            if (key == null || key.getClass() != kind) {
                return UNKNOWN;
            }
            if (kind == Double.class && !alert.hasNumber(field)) {
                return UNKNOWN;
            }
            return keys.contains(key) ? TRUE : FALSE;
        }
    }

    /**
     * {@code cone(ra, dec, ra0, dec0, radius)} with the alert's position fields and a constant centre and radius (or
     * with the two pairs the other way round: {@code alertFirst} false).
     */
    record Cone(int ra, int dec, double ra0, double dec0, double radiusArcsec, boolean alertFirst)
            implements Predicate {
        @Override
        public int truth(AlertFields alert) {
            Object a = alert.get(ra);
            Object d = alert.get(dec);
            if (!AlertFields.isDouble(a) || !AlertFields.isDouble(d)) {
                return UNKNOWN;
            }
            double alertRa = ((Number) a).doubleValue();
            double alertDec = ((Number) d).doubleValue();
            double separation = alertFirst
                    ? Sky.separationArcsec(alertRa, alertDec, ra0, dec0)
                    : Sky.separationArcsec(ra0, dec0, alertRa, alertDec);
            return separation <= radiusArcsec ? TRUE : FALSE;
        }
    }

    /** A {@link Condition} of the alert's own fields that no index serves ({@code abs(candidate.magdiff) < 0.1}). */
    record Test(Condition condition) implements Predicate {
        @Override
        public int truth(AlertFields alert) {
            return condition.truth(alert, null);
        }
    }

    /**
     * {@code list.exists(p, body)} ({@code any}) or {@code list.all(p, body)} over a list of records, such as the
     * alert's history. As CEL: exists is true when the body is true for one entry (errors elsewhere do not matter),
     * false when it is false for all; all the other way round; an empty list decides by itself.
     */
    record Each(int list, boolean any, Condition body) implements Predicate {
        @Override
        public int truth(AlertFields alert) {
            if (!(alert.get(list) instanceof List<?> items)) {
                return UNKNOWN;
            }
            int decisive = any ? TRUE : FALSE;
            int result = 1 - decisive;
            for (Object item : items) {
                int truth = item instanceof GenericRecord element
                        ? body.truth(alert, element)
                        : UNKNOWN; // CEL: a field of null is an error
                if (truth == decisive) {
                    return decisive;
                }
                if (truth == UNKNOWN) {
                    result = UNKNOWN;
                }
            }
            return result;
        }
    }

    /**
     * A conjunct that filters share, one instance per stream ({@link FieldIds#shared}): decided once per alert,
     * whichever filter asks first, as the predicate-counting matchers evaluate each distinct predicate once per event.
     * Several filters copying a clause ({@code candidate.ssdistnr < 0.0 || candidate.ssdistnr > 12.0}, a history
     * condition from an example) then cost one evaluation an alert, not one each.
     */
    final class Shared implements Predicate {
        private static final VarHandle MEMO;

        static {
            try {
                MEMO = MethodHandles.lookup().findVarHandle(Shared.class, "memo", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Predicate inner;
        /**
         * The stamp of the alert last decided and the answer, in one word ({@code stamp << 2 | truth}), so that a
         * reader on another thread sees both or neither. Stamps start at 1: the initial value matches none.
         */
        @SuppressWarnings("unused") // through MEMO
        private long memo = -1;

        Shared(Predicate inner) {
            this.inner = inner;
        }

        Predicate inner() {
            return inner;
        }

        @Override
        public int truth(AlertFields alert) {
            long stamp = alert.stamp();
            long memo = (long) MEMO.getOpaque(this);
            if (memo >>> 2 == stamp) {
                return (int) (memo & 3);
            }
            int truth = inner.truth(alert);
            MEMO.setOpaque(this, stamp << 2 | truth);
            return truth;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Shared shared && shared.inner.equals(inner);
        }

        @Override
        public int hashCode() {
            return inner.hashCode();
        }

        @Override
        public String toString() {
            return "Shared[" + inner + "]";
        }
    }
}
