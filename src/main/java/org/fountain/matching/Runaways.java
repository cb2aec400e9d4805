package org.fountain.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the filters that match too much of their stream, cost too much per alert, or make their owner's filters
 * together cost too much, over windows of each filter's stream's alerts. Cost is sampled: one CEL run in 64 is timed
 * (see {@link Evaluation}). Runs on the index's own thread; the verdicts are paused elsewhere.
 */
final class Runaways {

    /**
     * @param maxShare the largest share of a window's alerts a filter may match
     * @param window how many alerts of its stream a window holds
     * @param maxNanosPerAlert the most a filter may cost per alert of its stream, on average over a window
     * @param userNanosPerAlert the most one user's filters may cost together per alert
     */
    record Limits(double maxShare, long window, long maxNanosPerAlert, long userNanosPerAlert) {}

    /** A filter to pause, and why, in words for its owner. */
    record Verdict(long filterId, String reason) {}

    /** Filters already named, not named again while their pause is on its way. */
    private Set<Long> named = new HashSet<>();

    private long round;

    /** One owner's filters: their cost per alert together, and the costliest to pause first. */
    private static final class Owner {
        final List<CompiledFilter> filters = new ArrayList<>();
        double total;
    }

    /**
     * Judges each filter whose window of its stream's alerts is full. One pass over the filters, the state of each in
     * its own counters (with 100,000 filters, maps keyed by filter id cost a good part of a core every second).
     */
    List<Verdict> check(Collection<CompiledFilter> filters, Limits limits) {
        round++;
        List<Verdict> verdicts = new ArrayList<>();
        Map<String, Owner> owners = new HashMap<>();
        Set<Long> stillNamed = new HashSet<>();
        for (CompiledFilter filter : filters) {
            if (!named.isEmpty() && named.contains(filter.id())) {
                stillNamed.add(filter.id());
                continue;
            }
            FilterCounters c = filter.counters();
            FilterCounters.Window w = c.window;
            long seen = c.seen();
            long matches = c.matches();
            long nanos = c.sampledNanos();
            if (w.round != round - 1) { // new here, or back after a while away: a window starts now
                w.seen = seen;
                w.matches = matches;
                w.nanos = nanos;
                w.lastCost = 0;
            }
            w.round = round;
            long alerts = seen - w.seen;
            if (alerts >= limits.window()) {
                double share = (matches - w.matches) / (double) alerts;
                double cost = (nanos - w.nanos) / (double) alerts;
                w.seen = seen;
                w.matches = matches;
                w.nanos = nanos;
                w.lastCost = cost;
                if (share > limits.maxShare()) {
                    verdicts.add(new Verdict(
                            filter.id(),
                            String.format(
                                    Locale.ROOT,
                                    "Paused: it matched %.0f %% of the last %,d alerts, more than the %.0f %% a"
                                            + " filter may. Narrow it and save it again.",
                                    100 * share,
                                    alerts,
                                    100 * limits.maxShare())));
                    continue;
                } else if (cost > limits.maxNanosPerAlert()) {
                    verdicts.add(new Verdict(
                            filter.id(),
                            String.format(
                                    Locale.ROOT,
                                    "Paused: it cost %.0f µs per alert over the last %,d alerts, more than the %.0f µs"
                                            + " a filter may. Put a cheap condition first (a magnitude or a position),"
                                            + " or loop over the history less.",
                                    cost / 1000,
                                    alerts,
                                    limits.maxNanosPerAlert() / 1000.0)));
                    continue;
                }
            }
            if (w.lastCost > 0) {
                Owner owner = owners.computeIfAbsent(filter.filter().owner(), o -> new Owner());
                owner.filters.add(filter);
                owner.total += w.lastCost;
            }
        }
        owners.forEach((owner, owned) -> {
            if (owned.total > limits.userNanosPerAlert()) {
                overBudget(owner, owned, limits, verdicts);
            }
        });
        verdicts.forEach(v -> stillNamed.add(v.filterId()));
        named = stillNamed;
        return verdicts;
    }

    /** While a user's filters together cost too much, the most expensive of them is paused (those paused already aside). */
    private static void overBudget(String owner, Owner owned, Limits limits, List<Verdict> verdicts) {
        double total = owned.total;
        owned.filters.sort(Comparator.comparingDouble((CompiledFilter f) -> f.counters().window.lastCost)
                .reversed());
        for (CompiledFilter filter : owned.filters) {
            if (total <= limits.userNanosPerAlert()) {
                return;
            }
            double cost = filter.counters().window.lastCost;
            total -= cost;
            verdicts.add(new Verdict(
                    filter.id(),
                    String.format(
                            Locale.ROOT,
                            "Paused: %s's filters together cost more than the %.0f µs per alert one user may; this"
                                    + " one cost most (%.0f µs).",
                            owner,
                            limits.userNanosPerAlert() / 1000.0,
                            cost / 1000)));
        }
    }
}
