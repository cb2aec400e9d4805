package org.fountain.delivery.live;

import java.util.HashMap;
import java.util.Map;

/**
 * Which filters match too often to be listed on a dashboard, decided every flush from each filter's matches over the
 * last second on this instance. A filter above {@code perSecond} is a firehose: its dashboards list one sample of it
 * a second and are told, with the sample, how many matches it had since the last report (a rate), instead of a
 * hundred rows a second nobody can read. Firehoses report on a common tick, so that a dashboard following several
 * gets one frame a second for them all, not one each; a firehose without a match in the tick's interval reports with
 * its next match instead (so that the report has a sample), half a tick later at the latest. The count is exact:
 * every match of a firehose is in exactly one report, including those of the interval in which it falls back below
 * the rate. The flush thread's alone.
 */
final class FirehoseRates {

    /** What one filter's matches of one interval become. */
    record Decision(boolean firehose, long report) {
        static final Decision LISTED = new Decision(false, 0);

        /** Whether this interval lists one sample of the firehose, if it has a match: its report is due. */
        boolean sampled() {
            return firehose && report > 0;
        }
    }

    private static final class Rate {
        final String owner;
        final int[] counts;
        int total;
        long unreported;
        /** Whether a report is due and waits for a match to show with it, and since when. */
        boolean owed;

        long owedSince;

        Rate(String owner, int slots) {
            this.owner = owner;
            counts = new int[slots];
        }
    }

    private final int perSecond;
    private final int slots;
    private final long intervalNanos;
    private final long reportEvery;
    private final Map<Long, Rate> rates = new HashMap<>();
    private int slot;
    /** The interval (now / interval length) of the last {@link #advance}, to know how many have passed since. */
    private long lastInterval;

    private long lastTick;
    /** The time of the last {@link #advance}. */
    private long now;
    /** Whether {@link #advance} has been called: the first call is a report tick and one interval. */
    private boolean ticked;
    /** Whether this interval is a report tick. */
    private boolean due;

    /**
     * @param perSecond a filter with more matches than this in the last second is a firehose
     * @param intervalMillis the flush interval: the last second is this many intervals
     * @param reportEveryMillis how often a firehose's dashboards get a sample and its count
     */
    FirehoseRates(int perSecond, long intervalMillis, long reportEveryMillis) {
        this.perSecond = perSecond;
        this.slots = (int) Math.max(1, Math.ceil(1000.0 / Math.max(1, intervalMillis)));
        this.intervalNanos = Math.max(1, intervalMillis) * 1_000_000;
        this.reportEvery = reportEveryMillis * 1_000_000;
    }

    /**
     * Starts a flush at {@code nowNanos}: the counts of the intervals that have passed since the last leave every
     * filter's last second (flushes need not come every interval: none comes while nothing happens).
     */
    void advance(long nowNanos) {
        now = nowNanos;
        long interval = Math.floorDiv(nowNanos, intervalNanos);
        long passed = ticked ? Math.min(slots, Math.max(0, interval - lastInterval)) : 1;
        lastInterval = interval;
        due = !ticked || nowNanos - lastTick >= reportEvery;
        if (due) {
            ticked = true;
            lastTick = nowNanos;
        }
        for (long i = 0; i < passed; i++) {
            slot = (slot + 1) % slots;
            for (Rate rate : rates.values()) {
                rate.total -= rate.counts[slot];
                rate.counts[slot] = 0;
            }
        }
        rates.values().removeIf(rate -> rate.total == 0 && rate.unreported == 0);
    }

    /** The filters with matches in the last second or a count still to report, and their owners. */
    Map<Long, String> tracked() {
        Map<Long, String> owners = new HashMap<>();
        rates.forEach((key, rate) -> owners.put(key, rate.owner));
        return owners;
    }

    /**
     * What the {@code matches} of filter {@code key} in this interval become: call once per tracked filter and per
     * filter with matches, after {@link #advance}.
     */
    Decision decide(long key, String owner, int matches) {
        Rate rate = rates.get(key);
        if (rate == null) {
            if (matches <= perSecond) {
                if (matches > 0) {
                    rate = new Rate(owner, slots);
                    rate.counts[slot] = matches;
                    rate.total = matches;
                    rates.put(key, rate);
                }
                return Decision.LISTED;
            }
            rate = new Rate(owner, slots);
            rates.put(key, rate);
        }
        rate.counts[slot] += matches;
        rate.total += matches;
        if (rate.total <= perSecond) {
            long leftover = rate.unreported; // back to listing: what was counted and not yet reported
            rate.unreported = 0;
            rate.owed = false;
            return leftover == 0 ? Decision.LISTED : new Decision(false, leftover);
        }
        rate.unreported += matches;
        if (due && rate.unreported > 0 && !rate.owed) {
            rate.owed = true;
            rate.owedSince = now;
        }
        // due: reported with a match of this interval as its sample, or without one once it has waited half a tick
        if (rate.owed && (matches > 0 || now - rate.owedSince >= reportEvery / 2)) {
            long report = rate.unreported;
            rate.unreported = 0;
            rate.owed = false;
            return new Decision(true, report);
        }
        return new Decision(true, 0);
    }
}
