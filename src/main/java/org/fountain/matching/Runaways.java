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

    private record Mark(long seen, long matches, long nanos) {}

    private final Map<Long, Mark> marks = new HashMap<>();
    private final Map<Long, Double> lastCost = new HashMap<>();
    /** Filters already named, not named again while their pause is on its way. */
    private final Set<Long> named = new HashSet<>();

    List<Verdict> check(Collection<CompiledFilter> filters, Limits limits) {
        List<Verdict> verdicts = new ArrayList<>();
        Set<Long> paused = new HashSet<>();
        Map<String, List<CompiledFilter>> byOwner = new HashMap<>();
        Set<Long> present = new HashSet<>();
        for (CompiledFilter filter : filters) {
            present.add(filter.id());
            if (named.contains(filter.id())) {
                continue;
            }
            FilterCounters c = filter.counters();
            long seen = c.seen();
            long matches = c.matches();
            long nanos = c.sampledNanos();
            Mark mark = marks.computeIfAbsent(filter.id(), id -> new Mark(seen, matches, nanos));
            long alerts = seen - mark.seen();
            if (alerts >= limits.window()) {
                double share = (matches - mark.matches()) / (double) alerts;
                double cost = (nanos - mark.nanos()) / (double) alerts;
                marks.put(filter.id(), new Mark(seen, matches, nanos));
                lastCost.put(filter.id(), cost);
                if (share > limits.maxShare()) {
                    paused.add(filter.id());
                    verdicts.add(new Verdict(
                            filter.id(),
                            String.format(
                                    Locale.ROOT,
                                    "Paused: it matched %.0f %% of the last %,d alerts, more than the %.0f %% a"
                                            + " filter may. Narrow it and save it again.",
                                    100 * share,
                                    alerts,
                                    100 * limits.maxShare())));
                } else if (cost > limits.maxNanosPerAlert()) {
                    paused.add(filter.id());
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
                }
            }
            byOwner.computeIfAbsent(filter.filter().owner(), o -> new ArrayList<>())
                    .add(filter);
        }
        byOwner.forEach((owner, owned) -> overBudget(owner, owned, paused, limits, verdicts));
        marks.keySet().retainAll(present);
        lastCost.keySet().retainAll(present);
        named.retainAll(present);
        verdicts.forEach(v -> named.add(v.filterId()));
        return verdicts;
    }

    /** While a user's filters together cost too much, the most expensive of them is paused. */
    private void overBudget(
            String owner, List<CompiledFilter> owned, Set<Long> paused, Limits limits, List<Verdict> verdicts) {
        List<CompiledFilter> running = new ArrayList<>();
        double total = 0;
        for (CompiledFilter filter : owned) {
            if (!paused.contains(filter.id())) {
                running.add(filter);
                total += lastCost.getOrDefault(filter.id(), 0.0);
            }
        }
        running.sort(Comparator.comparingDouble((CompiledFilter f) -> lastCost.getOrDefault(f.id(), 0.0))
                .reversed());
        for (CompiledFilter filter : running) {
            if (total <= limits.userNanosPerAlert()) {
                return;
            }
            double cost = lastCost.getOrDefault(filter.id(), 0.0);
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
