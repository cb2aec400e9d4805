package org.fountain.matching;

import java.util.Arrays;

/**
 * The recent values of a stream's indexed fields: every eighth alert's values go into a ring of the last 1,024, one
 * slot per alert, so that a position's right ascension and declination share a slot. Written on the hot path without
 * locks; a lost or torn update only blurs a statistic.
 */
final class Samples {

    static final int SIZE = 1024;
    private static final int EVERY = 8;
    /** Stands in a ring for a value CEL would not compare (null, missing, another type). */
    static final Object UNKNOWN = new Object();

    private volatile Object[][] rings = new Object[0][];
    private int seen;
    private int cursor;

    /** Makes room for fields numbered below {@code fields}; on the index's own thread. */
    synchronized void ensure(int fields) {
        Object[][] current = rings;
        if (current.length >= fields) {
            return;
        }
        Object[][] grown = Arrays.copyOf(current, fields);
        for (int i = current.length; i < fields; i++) {
            grown[i] = new Object[SIZE];
        }
        rings = grown;
    }

    void offer(AlertFields alert) {
        if ((++seen & (EVERY - 1)) != 0) {
            return;
        }
        Object[][] current = rings;
        int slot = cursor++ & (SIZE - 1);
        int fields = Math.min(current.length, alert.size());
        for (int field = 0; field < fields; field++) {
            Object key = AlertFields.key(alert.get(field));
            current[field][slot] = key == null ? UNKNOWN : key;
        }
    }

    /** A copy of one field's ring: null where nothing was sampled yet. */
    Object[] of(int field) {
        Object[][] current = rings;
        return field < current.length ? current[field].clone() : new Object[SIZE];
    }
}
