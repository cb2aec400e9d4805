package org.fountain.delivery.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.MatchSummary;
import org.fountain.filters.FilterAudiences;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards connected to this instance, by user, and what each is owed. The relay hands every match it reads to
 * {@link #offer}, once, whoever it is for. One thread takes the matches offered since it last did, as soon as they
 * come and at most once a flush interval (so a frame waits for the interval only while matches are frequent), and works
 * out, per filter among them, which users here receive it (its owner and, while it is public, its followers):
 * dashboards owed the same filters get the same frame, made once, and each connection is sent one frame with
 * everything for it, in order:
 *
 * <pre>{"missed": 0, "skipped": 0, "matches": [{…}, {…}]}</pre>
 *
 * So a popular public filter followed by a thousand open dashboards costs one frame per flush, not a thousand queue
 * entries per match; a match for nobody here is never serialized. A connection whose socket has not taken the frames
 * already handed to it gets nothing more until it does: its matches are counted as missed and it is told the count in
 * its next frame, so that a client that stops reading holds no memory and never delays the others. Who is connected
 * is {@link LiveConnections}'; writing the frames is {@link LiveWriters}'; a frame's body is {@link LiveFrames}'.
 */
@Component
class LiveSessions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);
    /** How long a flush that comes after a quiet interval waits for the rest of what the relay is reading. */
    static final Duration GATHER = Duration.ofMillis(2);

    /** A match read by the relay, waiting for the next flush; late ones are only counted, as skipped. */
    private record Pending(MatchSummary match, boolean late) {}

    private final LiveProperties properties;
    private final LiveConnections connections;
    private final LiveWriters writers;
    private final FilterAudiences audiences;
    private final JsonMapper json;
    private final Object pendingLock = new Object();
    private List<Pending> pending = new ArrayList<>();
    /**
     * Matches beyond {@code max-queued} in one interval, by filter: counted as skipped for those they were for. At most
     * {@code max-queued} filters are kept (records on the matches topic name them); beyond, matches are only counted.
     */
    private Map<Long, Overflow> overflow = new HashMap<>();

    /** How often the flush looks for connections whose write is stuck, and when it last did (its own). */
    private static final long STUCK_CHECK_EVERY = 1_000_000_000L;

    private long lastStuckCheck;
    /** Connections still to be told what they missed or skipped (the flush thread's alone). */
    private final Set<LiveConnections.Session> owing = new HashSet<>();

    private final Counter sent;
    private final Counter missed;
    private final Counter skipped;
    private final Counter sampledOut;
    private final FirehoseRates firehoses;
    private final Timer flushTime;

    private @Nullable ScheduledExecutorService flusher;
    private final long intervalNanos;
    /** When the last flush started (the flush thread's; read by the relay's threads). */
    private volatile long lastFlush;
    /** Whether a flush is scheduled for matches offered since the last one: set by the relay, cleared by the flush. */
    private final AtomicBoolean flushSoon = new AtomicBoolean();

    private volatile boolean running;

    LiveSessions(
            LiveProperties properties,
            LiveConnections connections,
            LiveWriters writers,
            FilterAudiences audiences,
            JsonMapper json,
            MeterRegistry meters) {
        this.properties = properties;
        this.connections = connections;
        this.writers = writers;
        this.audiences = audiences;
        this.json = json;
        this.intervalNanos = properties.flushInterval().toNanos();
        this.lastFlush = System.nanoTime() - intervalNanos;
        this.firehoses = new FirehoseRates(
                properties.firehoseRate(),
                properties.flushInterval().toMillis(),
                properties.firehoseReport().toMillis());
        this.sent = meters.counter("fountain.live.matches", "outcome", "sent");
        this.missed = meters.counter("fountain.live.matches", "outcome", "missed");
        this.skipped = meters.counter("fountain.live.matches", "outcome", "skipped");
        this.sampledOut = meters.counter("fountain.live.matches", "outcome", "counted-in-a-rate");
        this.flushTime = Timer.builder("fountain.live.flush")
                .description("One flush: the matches of an interval sorted out to the connections here and handed over")
                .register(meters);
    }

    private record Overflow(String owner, long count) {}

    /** What a connection is still to be told it missed and skipped: connections owed the same share a frame. */
    private record Owed(long missed, long skipped) {}

    /**
     * Takes the matches of one record the relay read (one alert's, in one flush), for whichever dashboards here they
     * are for (none costs nothing more than this); late ones ({@code max-lag}) are only counted as skipped for them.
     * Beyond {@code max-queued} matches in one flush interval the rest are counted too.
     */
    void offer(List<MatchSummary> matches, boolean late) {
        if (connections.users().isEmpty()) {
            return;
        }
        synchronized (pendingLock) {
            for (MatchSummary match : matches) {
                if (match.owner() == null) {
                    continue;
                }
                long key = deliveryKey(match);
                if (!connections.users().contains(match.owner()) && !hasFollowers(key)) {
                    continue; // nobody here receives it: not queued, so max-queued counts only what is for someone
                }
                if (pending.size() < properties.maxQueued()) {
                    pending.add(new Pending(match, late));
                } else if (overflow.size() >= properties.maxQueued() && !overflow.containsKey(key)) {
                    skipped.increment(); // beyond as many filters again: counted, for no one in particular
                } else {
                    overflow.merge(
                            key, new Overflow(match.owner(), 1), (a, b) -> new Overflow(a.owner(), a.count() + 1));
                }
            }
        }
        flushSoon();
    }

    /** Takes one match, as {@link #offer(List, boolean)}. */
    void offer(MatchSummary match, boolean late) {
        offer(List.of(match), late);
    }

    /**
     * Takes the matches of one record the relay read, as {@link #offer(List, boolean)}: each filter's name and owner
     * looked up (a filter deleted since it matched has none, and its match goes to no one).
     */
    void offer(AlertMatches matches, boolean late) {
        if (connections.users().isEmpty()) {
            return;
        }
        List<MatchSummary> summaries = new ArrayList<>();
        for (long filterId : matches.filters()) {
            FilterAudiences.Audience audience = audiences.of(filterId);
            if (audience != null
                    && (connections.users().contains(audience.owner())
                            || !audience.followersOf(matches.replay()).isEmpty())) {
                summaries.add(matches.summary(filterId, audience.name(), audience.owner()));
            }
        }
        if (!summaries.isEmpty()) {
            offer(summaries, late);
        }
    }

    // ---- the flusher ---------------------------------------------------------------------------------------------

    /**
     * What one filter among an interval's matches brings: the positions of its matches in the interval's batch, its
     * late ones, and whether it is listed or shown as a rate.
     */
    private static final class ByFilter {
        final long id;
        final int bit;
        final String owner;
        int late;
        /** Positions of its matches in the batch, in order; the last is the newest. */
        int[] positions = new int[2];

        int count;
        FirehoseRates.Decision decision = FirehoseRates.Decision.LISTED;

        ByFilter(long id, int bit, String owner) {
            this.id = id;
            this.bit = bit;
            this.owner = owner;
        }

        void add(int position) {
            if (count == positions.length) {
                positions = Arrays.copyOf(positions, count * 2);
            }
            positions[count++] = position;
        }

        /** How many of its matches a frame lists: all, or a firehose's sample, or none. */
        int shown() {
            if (!decision.firehose()) {
                return count;
            }
            return decision.sampled() && count > 0 ? 1 : 0;
        }

        /** Writes the positions of the matches a frame lists into {@code into} from {@code at}; returns the end. */
        int shownInto(int[] into, int at) {
            if (!decision.firehose()) {
                System.arraycopy(positions, 0, into, at, count);
                return at + count;
            }
            if (decision.sampled() && count > 0) {
                into[at] = positions[count - 1];
                return at + 1;
            }
            return at;
        }
    }

    /**
     * Has the matches offered since the last flush sent as soon as the flush interval since the last has passed: at
     * once after a quiet interval (allowing {@link #GATHER} for the rest of what the relay is reading), never twice
     * within one interval.
     */
    private void flushSoon() {
        ScheduledExecutorService current = flusher;
        if (current != null && flushSoon.compareAndSet(false, true)) {
            long wait = Math.max(GATHER.toNanos(), lastFlush + intervalNanos - System.nanoTime());
            try {
                current.schedule(this::flushWhenDue, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                flushSoon.set(false); // stopping
            }
        }
    }

    private void flushWhenDue() {
        long wait = lastFlush + intervalNanos - System.nanoTime();
        ScheduledExecutorService current = flusher;
        if (wait > 0 && current != null) {
            current.schedule(this::flushWhenDue, wait, TimeUnit.NANOSECONDS); // the tick flushed meanwhile
            return;
        }
        flushSoon.set(false);
        flushNow();
    }

    /** Every interval without a flush: what is owed without new matches (firehose reports, counts, stuck writers). */
    private void tick() {
        if (System.nanoTime() - lastFlush >= intervalNanos) {
            flushNow();
        }
    }

    private void flushNow() {
        long start = System.nanoTime();
        lastFlush = start;
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Live flush failed", e);
        }
        flushTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private void flush() {
        List<Pending> batch;
        Map<Long, Overflow> over;
        synchronized (pendingLock) {
            batch = pending;
            over = overflow;
            pending = new ArrayList<>();
            overflow = new HashMap<>();
        }
        long started = System.nanoTime();
        if (started - lastStuckCheck >= STUCK_CHECK_EVERY) {
            lastStuckCheck = started; // once a second, not every flush: the send-time limit is seconds
            writers.closeStuckWriters(connections.all());
        }
        // the filters of the interval, each with a bit and the positions of its matches in the batch
        Map<Long, ByFilter> filters = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            ByFilter f = filters.computeIfAbsent(
                    deliveryKey(p.match()),
                    id -> new ByFilter(id, filters.size(), p.match().owner()));
            if (p.late()) {
                f.late++;
            } else {
                f.add(i); // the last one added is a firehose's sample: its newest match, the one that waited least
            }
        }
        over.forEach((id, o) ->
                filters.computeIfAbsent(id, k -> new ByFilter(id, filters.size(), o.owner())).late += (int) o.count());
        // which are firehoses, listed as a sample and a rate; those with a count owed are reported even when quiet
        long now = System.nanoTime();
        firehoses.advance(now);
        Map<Long, String> quiet = firehoses.tracked();
        filters.forEach((id, f) -> {
            f.decision = firehoses.decide(id, f.owner, f.count);
            quiet.remove(id);
        });
        quiet.forEach((id, owner) -> {
            FirehoseRates.Decision decision = firehoses.decide(id, owner, 0);
            if (decision.report() > 0) {
                filters.computeIfAbsent(id, k -> new ByFilter(id, filters.size(), owner)).decision = decision;
            }
        });
        ByFilter[] byBit = filters.values().toArray(new ByFilter[0]);
        // who here receives which: a set of filter bits per user, and the users with each set
        Map<String, BitSet> receives = new HashMap<>();
        for (ByFilter f : byBit) {
            recipientsHere(
                    f.id,
                    f.owner,
                    user -> receives.computeIfAbsent(user, u -> new BitSet()).set(f.bit));
        }
        Map<BitSet, List<String>> groups = new HashMap<>();
        receives.forEach((user, bits) ->
                groups.computeIfAbsent(bits, b -> new ArrayList<>()).add(user));
        // every session still owed a count hears it, even with nothing new (only those: the rest are not visited)
        Set<String> owedOnly = new LinkedHashSet<>();
        for (Iterator<LiveConnections.Session> owed = owing.iterator(); owed.hasNext(); ) {
            LiveConnections.Session session = owed.next();
            if (connections.byId(session.id) == null || session.matchSubscriptions.isEmpty()) {
                owed.remove(); // gone, or no longer following its matches
            } else if (!receives.containsKey(session.user)) {
                owedOnly.add(session.user);
            }
        }
        if (!owedOnly.isEmpty()) {
            groups.put(new BitSet(), new ArrayList<>(owedOnly));
        }
        // each group's frame from its own filters alone: its work is what it receives, not the whole interval
        LiveFrames.Queued[] listed = new LiveFrames.Queued[batch.size()];
        for (Map.Entry<BitSet, List<String>> group : groups.entrySet()) {
            BitSet bits = group.getKey();
            int late = 0;
            int shown = 0;
            List<LiveFrames.Rate> rates = new ArrayList<>(0);
            for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) {
                ByFilter f = byBit[b];
                late += f.late;
                shown += f.shown();
                if (f.decision.report() > 0) {
                    boolean sampled = f.decision.sampled() && f.count > 0;
                    rates.add(new LiveFrames.Rate(f.id < 0 ? ~f.id : f.id, f.decision.report(), sampled ? 1 : 0));
                }
            }
            int[] positions = new int[shown];
            int n = 0;
            for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) {
                n = byBit[b].shownInto(positions, n);
            }
            Arrays.sort(positions);
            List<LiveFrames.Queued> selection = new ArrayList<>(positions.length);
            for (int i : positions) {
                if (listed[i] == null) {
                    MatchSummary match = batch.get(i).match();
                    listed[i] = new LiveFrames.Queued(match.filterId(), json.writeValueAsBytes(match));
                }
                selection.add(listed[i]);
            }
            deliver(group.getValue(), selection, rates, late);
        }
    }

    /**
     * Who a match goes to, as a key: its filter's id, whose owner and followers receive it; or, for a replayed match,
     * the id's complement (negative), which the owner receives and only those followers who opted in to replays: a
     * replay is its owner's look back, not news.
     */
    private static long deliveryKey(MatchSummary match) {
        return match.replay() ? ~match.filterId() : match.filterId();
    }

    private boolean hasFollowers(long key) {
        return !followersOf(key).isEmpty();
    }

    private Set<String> followersOf(long key) {
        FilterAudiences.Audience audience = audiences.of(key < 0 ? ~key : key);
        return audience == null ? Set.of() : audience.followersOf(key < 0);
    }

    /** Calls {@code here} with each user with a dashboard here who receives the matches of a delivery key. */
    private void recipientsHere(long key, String owner, Consumer<String> here) {
        Set<String> users = connections.users();
        if (users.contains(owner)) {
            here.accept(owner);
        }
        Set<String> followers = followersOf(key);
        if (followers.size() <= users.size()) {
            for (String follower : followers) {
                if (users.contains(follower) && !follower.equals(owner)) {
                    here.accept(follower);
                }
            }
        } else {
            for (String user : users) {
                if (followers.contains(user) && !user.equals(owner)) {
                    here.accept(user);
                }
            }
        }
    }

    /**
     * Sends the users' connections one frame each with the selected matches, made once for all those with nothing
     * else owed (the usual case) and once more for each other pair of counts.
     */
    private void deliver(List<String> users, List<LiveFrames.Queued> selection, List<LiveFrames.Rate> rates, int late) {
        Map<Owed, LiveWriters.Encoded> made = new HashMap<>(2);
        for (String user : users) {
            Set<LiveConnections.Session> sessions = connections.of(user);
            if (sessions == null) {
                continue;
            }
            for (LiveConnections.Session session : sessions) {
                session.skipped += late;
                skipped.increment(late);
                if (late > 0) {
                    owing.add(session);
                }
                if (selection.isEmpty() && rates.isEmpty() && session.missed == 0 && session.skipped == 0) {
                    continue;
                }
                if (session.handed.get() - session.written.get() >= properties.maxUnwritten()
                        || session.handedBytes.get() - session.writtenBytes.get() >= properties.sendBufferSize() / 2) {
                    // not reading: counted, for the notice once it reads again
                    missed.increment(selection.size());
                    session.missed += selection.size();
                    if (session.missed > 0) {
                        owing.add(session);
                    }
                    continue;
                }
                LiveWriters.Encoded encoded = made.computeIfAbsent(
                        new Owed(session.missed, session.skipped),
                        owed -> writers.encoded(LiveFrames.frame(selection, rates, owed.missed(), owed.skipped())));
                LiveFrames.Frame frame = encoded.frame;
                session.missed = 0;
                session.skipped = 0;
                owing.remove(session);
                writers.send(session, encoded);
                sent.increment(frame.shown());
                sampledOut.increment(frame.counted());
                missed.increment(frame.cut());
            }
        }
    }

    @Override
    public void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> LiveWriters.daemon(r, "live-flush"));
        long every = properties.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService current = flusher;
        if (current != null) {
            current.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
