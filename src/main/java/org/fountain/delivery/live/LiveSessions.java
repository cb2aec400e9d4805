package org.fountain.delivery.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.MatchSummary;
import org.fountain.filters.FilterAudiences;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
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
 * its next frame, so that a client that stops reading holds no memory and never delays the others. Caps the
 * connections per user and the subscriptions per connection.
 */
@Component
class LiveSessions implements ChannelInterceptor, SmartLifecycle {

    static final String SUBSCRIPTION = "/user/queue/matches";

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);
    /** At most this many matches in one frame; the rest are counted as missed. */
    static final int MAX_PER_FRAME = 500;

    /** How long a flush that comes after a quiet interval waits for the rest of what the relay is reading. */
    static final java.time.Duration GATHER = java.time.Duration.ofMillis(2);

    /** A match as a frame lists it: the filter it is of, and the match as JSON. */
    record Queued(long filterId, byte[] json) {}

    /** A firehose's report in a frame: its matches since the last report, of which {@code shown} are listed. */
    record Rate(long filterId, long matches, int shown) {}

    /** A STOMP frame encoded for a connection, and when it was handed over. */
    private record Out(byte[] bytes, long handedAt) {}

    /** A match read by the relay, waiting for the next flush; late ones are only counted, as skipped. */
    private record Pending(MatchSummary match, boolean late) {}

    /** One connection. Its counts are the flush thread's alone. */
    static final class Session {
        final String id;
        final String user;
        final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        final Set<String> matchSubscriptions = ConcurrentHashMap.newKeySet();
        final AtomicLong handed = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        final AtomicLong handedBytes = new AtomicLong();
        final AtomicLong writtenBytes = new AtomicLong();
        /** Encoded frames handed to this connection and not yet written, in order; one writer drains it at a time. */
        final java.util.Queue<Out> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();

        final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
        volatile long writingSince;
        private long missed;
        private long skipped;

        Session(String id, String user) {
            this.id = id;
            this.user = user;
        }
    }

    private final LiveProperties properties;
    private final FilterAudiences audiences;
    private final JsonMapper json;
    private final Object pendingLock = new Object();
    private List<Pending> pending = new ArrayList<>();
    /**
     * Matches beyond {@code max-queued} in one interval, by filter: counted as skipped for those they were for. At most
     * {@code max-queued} filters are kept (records on the matches topic name them); beyond, matches are only counted.
     */
    private Map<Long, Overflow> overflow = new java.util.HashMap<>();

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    /** The open WebSocket connections here, by id (the STOMP session's id), as frames are written to them. */
    private final Map<String, WebSocketSession> sockets = new ConcurrentHashMap<>();

    private final Map<String, Set<Session>> byUser = new ConcurrentHashMap<>();
    /** How often the flush looks for connections whose write is stuck, and when it last did (its own). */
    private static final long STUCK_CHECK_EVERY = 1_000_000_000L;

    private long lastStuckCheck;
    /** Connections still to be told what they missed or skipped (the flush thread's alone). */
    private final Set<Session> owing = new java.util.HashSet<>();

    private final Counter sent;
    private final Counter missed;
    private final Counter skipped;
    private final Counter frames;
    private final Counter sampledOut;
    private final FirehoseRates firehoses;
    private final Timer writeDelay;
    private final Timer flushTime;
    private final StompEncoder encoder = new StompEncoder();
    /** The last message id given, unique on every connection: each frame encoded (flush thread) takes the next. */
    private long messageIds;

    private @Nullable ScheduledExecutorService flusher;
    private final long intervalNanos;
    /** When the last flush started (the flush thread's; read by the relay's threads). */
    private volatile long lastFlush;
    /** Whether a flush is scheduled for matches offered since the last one: set by the relay, cleared by the flush. */
    private final java.util.concurrent.atomic.AtomicBoolean flushSoon = new java.util.concurrent.atomic.AtomicBoolean();

    private @Nullable ExecutorService writers;
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> daemon(r, "live-close"));
    private volatile boolean running;

    LiveSessions(LiveProperties properties, FilterAudiences audiences, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
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
        this.frames = meters.counter("fountain.live.frames");
        this.sampledOut = meters.counter("fountain.live.matches", "outcome", "counted-in-a-rate");
        this.writeDelay = Timer.builder("fountain.live.write.delay")
                .description("From a flush handing a frame to a connection to the frame written to its socket")
                .register(meters);
        this.flushTime = Timer.builder("fountain.live.flush")
                .description("One flush: the matches of an interval sorted out to the connections here and handed over")
                .register(meters);
        Gauge.builder("fountain.live.sessions", byId, Map::size)
                .description("STOMP connections open on this instance")
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
        if (byUser.isEmpty()) {
            return;
        }
        synchronized (pendingLock) {
            for (MatchSummary match : matches) {
                if (match.owner() == null) {
                    continue;
                }
                long key = deliveryKey(match);
                if (!byUser.containsKey(match.owner()) && !hasFollowers(key)) {
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
        if (byUser.isEmpty()) {
            return;
        }
        List<MatchSummary> summaries = new ArrayList<>();
        for (long filterId : matches.filters()) {
            FilterAudiences.Audience audience = audiences.of(filterId);
            if (audience != null
                    && (byUser.containsKey(audience.owner())
                            || !audience.followersOf(matches.replay()).isEmpty())) {
                summaries.add(matches.summary(filterId, audience.name(), audience.owner()));
            }
        }
        if (!summaries.isEmpty()) {
            offer(summaries, late);
        }
    }

    // ---- the inbound channel: caps, and who subscribed -------------------------------------------------------------

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.wrap(message);
        SimpMessageType type = accessor.getMessageType();
        String id = accessor.getSessionId();
        if (type == null || id == null) {
            return message;
        }
        switch (type) {
            case CONNECT -> connect(id, accessor.getUser());
            case SUBSCRIBE -> subscribe(id, accessor.getSubscriptionId(), accessor.getDestination());
            case UNSUBSCRIBE -> unsubscribe(id, accessor.getSubscriptionId());
            default -> {}
        }
        return message;
    }

    private void connect(String id, @Nullable Principal user) {
        if (user == null) {
            return; // security refuses it
        }
        synchronized (byId) {
            long open = byId.values().stream()
                    .filter(s -> s.user.equals(user.getName()))
                    .count();
            if (open >= properties.maxSessionsPerUser()) {
                throw new MessageDeliveryException("Too many open dashboards: at most "
                        + properties.maxSessionsPerUser() + " per user. Close one and reload.");
            }
            byId.putIfAbsent(id, new Session(id, user.getName()));
        }
    }

    private void subscribe(String id, @Nullable String subscription, @Nullable String destination) {
        Session session = byId.get(id);
        if (session == null || subscription == null) {
            return;
        }
        if (session.subscriptions.size() >= properties.maxSubscriptionsPerSession()) {
            throw new MessageDeliveryException(
                    "Too many subscriptions: at most " + properties.maxSubscriptionsPerSession() + " per connection");
        }
        session.subscriptions.add(subscription);
        if (SUBSCRIPTION.equals(destination)) {
            session.matchSubscriptions.add(subscription);
            byUser.computeIfAbsent(session.user, u -> ConcurrentHashMap.newKeySet())
                    .add(session);
        }
    }

    /** Whether {@code user} has a dashboard here subscribed to their matches. */
    boolean watching(String user) {
        return byUser.containsKey(user);
    }

    private void unsubscribe(String id, @Nullable String subscription) {
        Session session = byId.get(id);
        if (session == null || subscription == null) {
            return;
        }
        session.subscriptions.remove(subscription);
        if (session.matchSubscriptions.remove(subscription) && session.matchSubscriptions.isEmpty()) {
            forget(session, false);
        }
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        Session session = byId.remove(event.getSessionId());
        log.debug("Session {} closed: {}", event.getSessionId(), event.getCloseStatus());
        if (session != null) {
            forget(session, true);
        }
    }

    private void forget(Session session, boolean gone) {
        byUser.computeIfPresent(session.user, (user, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
        if (gone) {
            byId.remove(session.id);
        }
    }

    // ---- the sockets -----------------------------------------------------------------------------------------------

    /**
     * Wraps each WebSocket connection in a writer that serializes its writes (installed by {@link StompConfig}): the
     * frames of {@link #send}, written here, and STOMP's own (CONNECTED, heart-beats, errors), written by Spring
     * through the same writer, each within the send-time and buffer limits.
     */
    WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession socket) throws Exception {
                WebSocketSession writer = new ConcurrentWebSocketSessionDecorator(
                        socket, (int) properties.sendTimeLimit().toMillis(), properties.sendBufferSize());
                attach(writer);
                super.afterConnectionEstablished(writer);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) throws Exception {
                sockets.remove(socket.getId());
                super.afterConnectionClosed(socket, status);
            }
        };
    }

    /** The open connections. */
    java.util.Collection<WebSocketSession> sockets() {
        return sockets.values();
    }

    /** Frames for the STOMP session of this id are written to {@code socket} from now on. */
    void attach(WebSocketSession socket) {
        sockets.put(socket.getId(), socket);
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
                positions = java.util.Arrays.copyOf(positions, count * 2);
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
            } catch (java.util.concurrent.RejectedExecutionException e) {
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
            overflow = new java.util.HashMap<>();
        }
        long started = System.nanoTime();
        if (started - lastStuckCheck >= STUCK_CHECK_EVERY) {
            lastStuckCheck = started; // once a second, not every flush: the send-time limit is seconds
            closeStuckWriters();
        }
        // the filters of the interval, each with a bit and the positions of its matches in the batch
        Map<Long, ByFilter> filters = new java.util.LinkedHashMap<>();
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
        Map<String, java.util.BitSet> receives = new java.util.HashMap<>();
        for (ByFilter f : byBit) {
            recipientsHere(
                    f.id,
                    f.owner,
                    user -> receives.computeIfAbsent(user, u -> new java.util.BitSet())
                            .set(f.bit));
        }
        Map<java.util.BitSet, List<String>> groups = new java.util.HashMap<>();
        receives.forEach((user, bits) ->
                groups.computeIfAbsent(bits, b -> new ArrayList<>()).add(user));
        // every session still owed a count hears it, even with nothing new (only those: the rest are not visited)
        Set<String> owedOnly = new java.util.LinkedHashSet<>();
        for (java.util.Iterator<Session> owed = owing.iterator(); owed.hasNext(); ) {
            Session session = owed.next();
            if (!byId.containsKey(session.id) || session.matchSubscriptions.isEmpty()) {
                owed.remove(); // gone, or no longer following its matches
            } else if (!receives.containsKey(session.user)) {
                owedOnly.add(session.user);
            }
        }
        if (!owedOnly.isEmpty()) {
            groups.put(new java.util.BitSet(), new ArrayList<>(owedOnly));
        }
        // each group's frame from its own filters alone: its work is what it receives, not the whole interval
        Queued[] listed = new Queued[batch.size()];
        for (Map.Entry<java.util.BitSet, List<String>> group : groups.entrySet()) {
            java.util.BitSet bits = group.getKey();
            int late = 0;
            int shown = 0;
            List<Rate> rates = new ArrayList<>(0);
            for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) {
                ByFilter f = byBit[b];
                late += f.late;
                shown += f.shown();
                if (f.decision.report() > 0) {
                    boolean sampled = f.decision.sampled() && f.count > 0;
                    rates.add(new Rate(f.id < 0 ? ~f.id : f.id, f.decision.report(), sampled ? 1 : 0));
                }
            }
            int[] positions = new int[shown];
            int n = 0;
            for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) {
                n = byBit[b].shownInto(positions, n);
            }
            java.util.Arrays.sort(positions);
            List<Queued> selection = new ArrayList<>(positions.length);
            for (int i : positions) {
                if (listed[i] == null) {
                    MatchSummary match = batch.get(i).match();
                    listed[i] = new Queued(match.filterId(), json.writeValueAsBytes(match));
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
    private void recipientsHere(long key, String owner, java.util.function.Consumer<String> here) {
        if (byUser.containsKey(owner)) {
            here.accept(owner);
        }
        Set<String> followers = followersOf(key);
        if (followers.size() <= byUser.size()) {
            for (String follower : followers) {
                if (byUser.containsKey(follower) && !follower.equals(owner)) {
                    here.accept(follower);
                }
            }
        } else {
            for (String user : byUser.keySet()) {
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
    private void deliver(List<String> users, List<Queued> selection, List<Rate> rates, int late) {
        Map<Owed, Encoded> made = new java.util.HashMap<>(2);
        for (String user : users) {
            Set<Session> sessions = byUser.get(user);
            if (sessions == null) {
                continue;
            }
            for (Session session : sessions) {
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
                Encoded encoded = made.computeIfAbsent(
                        new Owed(session.missed, session.skipped),
                        owed -> new Encoded(frame(selection, rates, owed.missed(), owed.skipped())));
                Frame frame = encoded.frame;
                session.missed = 0;
                session.skipped = 0;
                owing.remove(session);
                send(session, encoded);
                sent.increment(frame.shown());
                sampledOut.increment(frame.counted());
                missed.increment(frame.cut());
            }
        }
    }

    private void closeStuckWriters() {
        long now = System.nanoTime();
        long stuckAfter = properties.sendTimeLimit().toNanos();
        for (Session session : byId.values()) {
            long since = session.writingSince;
            WebSocketSession socket = sockets.get(session.id);
            if (since != 0 && now - since > stuckAfter && socket != null) {
                session.writingSince = 0;
                log.warn(
                        "Closing the connection of {}: a write has not completed for {} s",
                        session.user,
                        (now - since) / 1_000_000_000);
                closer.execute(() -> close(socket));
            }
        }
    }

    /**
     * A frame's bytes, how many matches it lists, how many of firehoses it only counts, and how many it had to leave
     * out beyond {@link #MAX_PER_FRAME} (counted in its {@code missed}).
     */
    record Frame(byte[] bytes, int shown, long counted, int cut) {}

    /**
     * One frame: the matches in order and, for filters matching too often to list ({@link FirehoseRates}), their
     * counts since the last report ({@code "firehose": [{"filterId": 3, "matches": 240, "shown": 1}]}): a dashboard
     * shows such a filter as a rate with a sample, not as hundreds of rows a second. At most {@link #MAX_PER_FRAME}
     * are listed; the rest are added to the frame's {@code missed}.
     */
    static Frame frame(List<Queued> matches, List<Rate> rates, long missed, long skipped) {
        int listed = Math.min(matches.size(), MAX_PER_FRAME);
        int cut = matches.size() - listed;
        int size = 96 + 64 * rates.size();
        for (int i = 0; i < listed; i++) {
            size += matches.get(i).json().length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(("{\"missed\":" + (missed + cut) + ",\"skipped\":" + skipped + ",\"matches\":[")
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < listed; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(matches.get(i).json());
        }
        out.write(']');
        long counted = 0;
        if (!rates.isEmpty()) {
            StringBuilder firehose = new StringBuilder(",\"firehose\":[");
            for (Rate rate : rates) {
                firehose.append(firehose.length() > 13 ? "," : "")
                        .append("{\"filterId\":")
                        .append(rate.filterId())
                        .append(",\"matches\":")
                        .append(rate.matches())
                        .append(",\"shown\":")
                        .append(rate.shown())
                        .append('}');
                counted += rate.matches() - rate.shown();
            }
            out.writeBytes(firehose.append(']').toString().getBytes(StandardCharsets.US_ASCII));
        }
        out.write('}');
        return new Frame(out.toByteArray(), listed, counted, cut);
    }

    /**
     * A frame's body and its STOMP MESSAGE frames, encoded once per subscription id for every connection that is
     * sent it: dashboards name their subscriptions alike, so a frame for a thousand of them is encoded once, and
     * every connection is written the same bytes.
     */
    private final class Encoded {
        final Frame frame;
        private final Map<String, byte[]> bySubscription = new java.util.HashMap<>(2);

        Encoded(Frame frame) {
            this.frame = frame;
        }

        byte[] to(String subscription) {
            return bySubscription.computeIfAbsent(subscription, id -> {
                StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.MESSAGE);
                headers.setSubscriptionId(id);
                headers.setDestination(SUBSCRIPTION);
                headers.setMessageId(Long.toString(++messageIds));
                headers.setContentType(JSON);
                return encoder.encode(headers.getMessageHeaders(), frame.bytes());
            });
        }
    }

    private static final org.springframework.util.MimeType JSON =
            new org.springframework.util.MimeType("application", "json", StandardCharsets.UTF_8);

    /**
     * Hands a frame to the connection for each of its subscriptions to {@link #SUBSCRIPTION}, in order after those
     * before it; one of the writer threads writes them to its socket.
     */
    private void send(Session session, Encoded encoded) {
        long now = System.nanoTime();
        for (String subscription : session.matchSubscriptions) {
            byte[] bytes = encoded.to(subscription);
            session.handed.incrementAndGet();
            session.handedBytes.addAndGet(bytes.length);
            frames.increment();
            session.outbox.add(new Out(bytes, now));
        }
        schedule(session);
    }

    private void schedule(Session session) {
        ExecutorService current = writers;
        if (current != null && !session.outbox.isEmpty() && session.draining.compareAndSet(false, true)) {
            try {
                current.execute(() -> drain(session));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                session.draining.set(false); // stopping
            }
        }
    }

    /**
     * Writes what the connection has been handed, in order. A write that blocks (a client not reading) holds this
     * writer thread until it completes or {@link #closeStuckWriters} closes the connection; the other connections
     * are written by the other threads meanwhile.
     */
    private void drain(Session session) {
        try {
            Out out;
            while ((out = session.outbox.poll()) != null) {
                WebSocketSession socket = sockets.get(session.id);
                if (socket == null || !socket.isOpen()) {
                    session.outbox.clear();
                    break;
                }
                session.writingSince = System.nanoTime();
                try {
                    socket.sendMessage(new BinaryMessage(out.bytes()));
                } catch (IOException | RuntimeException e) {
                    log.debug("Could not write a frame to session {}: {}", session.id, e.toString());
                    session.outbox.clear();
                    break;
                } finally {
                    long written = System.nanoTime();
                    session.writingSince = 0;
                    session.writtenBytes.addAndGet(out.bytes().length);
                    session.written.incrementAndGet();
                    writeDelay.record(written - out.handedAt(), TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            session.draining.set(false);
        }
        schedule(session); // handed more while finishing
    }

    private static void close(WebSocketSession socket) {
        try {
            socket.close(CloseStatus.SESSION_NOT_RELIABLE.withReason("not reading"));
        } catch (IOException | RuntimeException e) {
            log.debug("Closing a stuck connection: {}", e.toString());
        }
    }

    @Override
    public void start() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        writers = Executors.newFixedThreadPool(
                properties.outboundThreads(), r -> daemon(r, "live-write-" + n.incrementAndGet()));
        flusher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "live-flush"));
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
        ExecutorService writing = writers;
        if (writing != null) {
            writing.shutdownNow();
        }
        closer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
