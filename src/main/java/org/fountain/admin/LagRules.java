package org.fountain.admin;

import java.util.List;

/**
 * Burrow's evaluation of a consumer on one partition (linkedin/Burrow, {@code core/internal/evaluator/caching.go}),
 * over a sliding window of the last observations of its committed offset and lag. Burrow keeps the offsets the
 * consumer commits, with their times; Kafka's {@code Admin} API gives the committed offset but not when it was
 * committed, so Fountain observes it on every sample and tells a consumer that stopped (nobody in the group is
 * assigned the partition any more) from one that stalled (still assigned, not moving) by the group's membership.
 *
 * <p>In order, with the lag of the newest observation above zero (a consumer with nothing to read is always OK):
 *
 * <ol>
 *   <li>STOP: nobody in the group is assigned the partition any more (Burrow: no commit for longer than the window
 *       spans);
 *   <li>OK: the lag was zero at some point in the window;
 *   <li>REWIND: the committed offset went backwards between two observations;
 *   <li>STALL: the window is full and the committed offset is the same in all of it;
 *   <li>WARN: the window is full and the lag never went down from one observation to the next;
 *   <li>otherwise OK.
 * </ol>
 *
 * ERR when messages wait on a partition where the group has no committed offset, or when its committed offset lies
 * beyond the end of the partition.
 */
final class LagRules {

    private LagRules() {}

    /**
     * One look at a partition for a group.
     *
     * @param at when, epoch milliseconds
     * @param committed the group's committed offset, or -1 when it has none
     * @param end the partition's end offset
     * @param lag messages between the committed offset (or the partition's start, without one) and the end
     * @param assigned whether a member of the group is assigned the partition
     */
    record Observation(long at, long committed, long end, long lag, boolean assigned) {}

    /** The status over a window of observations, oldest first, of at most {@code size}. */
    static LagStatus evaluate(List<Observation> window, int size) {
        if (window.isEmpty()) {
            return LagStatus.ERR;
        }
        Observation newest = window.get(window.size() - 1);
        if (newest.committed() > newest.end()) {
            return LagStatus.ERR;
        }
        if (newest.lag() <= 0) {
            return LagStatus.OK; // nothing to read, committed or not
        }
        if (newest.committed() < 0) {
            return LagStatus.ERR; // messages wait and the group never committed an offset here
        }
        if (!newest.assigned()) {
            return LagStatus.STOP;
        }
        for (Observation o : window) {
            if (o.lag() <= 0) {
                return LagStatus.OK;
            }
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).committed() < window.get(i - 1).committed()) {
                return LagStatus.REWIND;
            }
        }
        boolean full = window.size() >= size;
        if (full && window.get(0).committed() == newest.committed()) {
            return LagStatus.STALL;
        }
        if (full) {
            boolean decreased = false;
            for (int i = 1; i < window.size(); i++) {
                if (window.get(i).lag() < window.get(i - 1).lag()) {
                    decreased = true;
                    break;
                }
            }
            if (!decreased) {
                return LagStatus.WARN;
            }
        }
        return LagStatus.OK;
    }
}
