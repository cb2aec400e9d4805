package org.fountain.filters;

/** One alert a rewind matched. */
public record RewindMatch(
        long alertId,
        String objectId,
        double mjd,
        double ra,
        double dec,
        Double magnitude,
        String band,
        String topic,
        int partition,
        long offset) {}
