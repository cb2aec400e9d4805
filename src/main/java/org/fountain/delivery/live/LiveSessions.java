package org.fountain.delivery.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The dashboards connected to this instance, by user, and what each is owed. The relay only queues a match for the
 * connections of its recipients that are here (for anyone else it costs a lookup); every flush interval one thread
 * sends each connection a single frame with everything queued for it, in order:
 *
 * <pre>{"missed": 0, "skipped": 0, "matches": [{…}, {…}]}</pre>
 *
 * A connection whose socket has not taken the frames already handed to it gets nothing more until it does: its
 * matches are counted as missed and it is told the count in its next frame, so that a client that stops reading holds
 * a bounded amount of memory and never delays the others. Caps the connections per user and the subscriptions per
 * connection.
 */
@Component
class LiveSessions implements ChannelInterceptor, SmartLifecycle {

    static final String SUBSCRIPTION = "/user/queue/matches";
    /** Where the broker files a connection's subscription to {@link #SUBSCRIPTION}; the session id follows. */
    private static final String SESSION_DESTINATION = "/queue/matches-user";

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);
    /** At most this many matches in one frame; the rest wait for the next flush. */
    static final int MAX_PER_FRAME = 500;

    /** A filter with more matches than this in one frame sends samples and a count. */
    static final int FIREHOSE = 20;

    private static final int FIREHOSE_SAMPLES = 4;

    /** A match waiting for its frame: the filter it is of, and the match as JSON. */
    record Queued(long filterId, byte[] json) {}

    /** One connection. Queue and counts guarded by the session itself. */
    static final class Session {
        final String id;
        final String user;
        final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        final Set<String> matchSubscriptions = ConcurrentHashMap.newKeySet();
        final AtomicLong handed = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        final AtomicLong handedBytes = new AtomicLong();
        final AtomicLong writtenBytes = new AtomicLong();
        volatile long writingSince;
        volatile WebSocketSession socket;
        private List<Queued> queued = new ArrayList<>();
        private long missed;
        private long skipped;

        Session(String id, String user) {
            this.id = id;
            this.user = user;
        }

        synchronized void offer(long filterId, byte[] match, int maxQueued, Counter missedCounter) {
            if (queued.size() >= maxQueued) {
                missed++;
                missedCounter.increment();
            } else {
                queued.add(new Queued(filterId, match));
            }
        }

        synchronized void skip() {
            skipped++;
        }
    }

    private final ObjectProvider<SimpMessagingTemplate> messagingProvider;
    private SimpMessagingTemplate messaging;
    private final LiveProperties properties;
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> byUser = new ConcurrentHashMap<>();
    private final Counter sent;
    private final Counter missed;
    private final Counter skipped;
    private final Counter frames;
    private final Counter sampledOut;
    private ScheduledExecutorService flusher;
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> daemon(r, "live-close"));
    private volatile boolean running;

    // the template is looked up on start: the broker that makes it is configured with these sessions
    LiveSessions(ObjectProvider<SimpMessagingTemplate> messaging, LiveProperties properties, MeterRegistry meters) {
        this.messagingProvider = messaging;
        this.properties = properties;
        this.sent = meters.counter("fountain.live.matches", "outcome", "sent");
        this.missed = meters.counter("fountain.live.matches", "outcome", "missed");
        this.skipped = meters.counter("fountain.live.matches", "outcome", "skipped");
        this.frames = meters.counter("fountain.live.frames");
        this.sampledOut = meters.counter("fountain.live.matches", "outcome", "counted-in-a-rate");
        Gauge.builder("fountain.live.sessions", byId, Map::size)
                .description("STOMP connections open on this instance")
                .register(meters);
    }

    /** The connections of a user that subscribed to their matches; null when none is here. */
    Set<Session> of(String user) {
        return byUser.get(user);
    }

    void queue(Session session, long filterId, byte[] match) {
        session.offer(filterId, match, properties.maxQueued(), missed);
    }

    void skip(Session session) {
        session.skip();
        skipped.increment();
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

    private void connect(String id, Principal user) {
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

    private void subscribe(String id, String subscription, String destination) {
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

    private void unsubscribe(String id, String subscription) {
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

    // ---- the socket: what has really been written ----------------------------------------------------------------

    /** Wraps each WebSocket connection so that its writes are counted (installed by {@link StompConfig}). */
    WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession socket) throws Exception {
                super.afterConnectionEstablished(new Counted(socket));
            }
        };
    }

    private final class Counted extends WebSocketSessionDecorator {

        Counted(WebSocketSession socket) {
            super(socket);
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) throws IOException {
            Session session = byId.get(getId());
            boolean frame = session != null && isMessageFrame(message);
            if (frame) {
                session.socket = getDelegate();
                session.writingSince = System.nanoTime();
            }
            try {
                super.sendMessage(message);
            } finally {
                if (frame) {
                    session.writingSince = 0;
                    session.writtenBytes.addAndGet(message.getPayloadLength());
                    session.written.incrementAndGet();
                }
            }
        }

        private static boolean isMessageFrame(WebSocketMessage<?> message) {
            Object payload = message.getPayload();
            if (payload instanceof String text) {
                return text.startsWith("MESSAGE");
            } else if (payload instanceof java.nio.ByteBuffer bytes) {
                return bytes.remaining() > 7 && bytes.get(bytes.position()) == 'M';
            }
            return false;
        }
    }

    // ---- the flusher ---------------------------------------------------------------------------------------------

    private void flush() {
        long now = System.nanoTime();
        long stuckAfter = properties.sendTimeLimit().toNanos();
        for (Session session : byId.values()) {
            if (session.matchSubscriptions.isEmpty()) {
                continue;
            }
            long since = session.writingSince;
            if (since != 0 && now - since > stuckAfter && session.socket != null) {
                WebSocketSession socket = session.socket;
                session.socket = null;
                log.warn(
                        "Closing the connection of {}: a write has not completed for {} s",
                        session.user,
                        (now - since) / 1_000_000_000);
                closer.execute(() -> close(socket));
                continue;
            }
            List<Queued> batch;
            long missedNow;
            long skippedNow;
            synchronized (session) {
                if (session.queued.isEmpty() && session.missed == 0 && session.skipped == 0) {
                    continue;
                }
                if (session.handed.get() - session.written.get() >= properties.maxUnwritten()
                        || session.handedBytes.get() - session.writtenBytes.get() >= properties.sendBufferSize() / 2) {
                    // not reading: what was queued is dropped and counted, for the notice once it reads again
                    missed.increment(session.queued.size());
                    session.missed += session.queued.size();
                    session.queued = new ArrayList<>();
                    continue;
                }
                if (session.queued.size() <= MAX_PER_FRAME) {
                    batch = session.queued;
                    session.queued = new ArrayList<>();
                } else {
                    List<Queued> first = session.queued.subList(0, MAX_PER_FRAME);
                    batch = new ArrayList<>(first);
                    first.clear();
                }
                missedNow = session.missed;
                skippedNow = session.skipped;
                session.missed = 0;
                session.skipped = 0;
            }
            Frame frame = frame(batch, missedNow, skippedNow);
            send(session, frame.bytes());
            sent.increment(frame.shown());
            sampledOut.increment(batch.size() - frame.shown());
        }
    }

    /**
     * One frame: the matches in order, except that a filter with more than {@link #FIREHOSE} matches in the frame
     * sends a few evenly spaced samples and its count ({@code "firehose": [{"filterId": 3, "matches": 240, "shown":
     * 4}]}): a dashboard shows such a filter as a rate, not as hundreds of rows a second.
     */
    /** A frame's bytes and how many matches it lists. */
    record Frame(byte[] bytes, int shown) {}

    static Frame frame(List<Queued> matches, long missed, long skipped) {
        Map<Long, Integer> perFilter = new java.util.HashMap<>();
        for (Queued match : matches) {
            perFilter.merge(match.filterId(), 1, Integer::sum);
        }
        Map<Long, Integer> seen = new java.util.HashMap<>();
        Map<Long, Integer> shown = new java.util.TreeMap<>();
        int size = 96;
        for (Queued match : matches) {
            size += match.json().length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(("{\"missed\":" + missed + ",\"skipped\":" + skipped + ",\"matches\":[")
                .getBytes(StandardCharsets.US_ASCII));
        boolean first = true;
        int listed = 0;
        for (Queued match : matches) {
            int total = perFilter.get(match.filterId());
            if (total > FIREHOSE) {
                int index = seen.merge(match.filterId(), 1, Integer::sum) - 1;
                if (index % (total / FIREHOSE_SAMPLES) != 0) {
                    continue;
                }
                shown.merge(match.filterId(), 1, Integer::sum);
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            listed++;
            out.writeBytes(match.json());
        }
        out.write(']');
        if (!shown.isEmpty()) {
            StringBuilder firehose = new StringBuilder(",\"firehose\":[");
            shown.forEach((filter, count) -> firehose.append(firehose.length() > 13 ? "," : "")
                    .append("{\"filterId\":")
                    .append(filter)
                    .append(",\"matches\":")
                    .append(perFilter.get(filter))
                    .append(",\"shown\":")
                    .append(count)
                    .append('}'));
            out.writeBytes(firehose.append(']').toString().getBytes(StandardCharsets.US_ASCII));
        }
        out.write('}');
        return new Frame(out.toByteArray(), listed);
    }

    private void send(Session session, byte[] frame) {
        session.handed.incrementAndGet();
        session.handedBytes.addAndGet(frame.length);
        frames.increment();
        try {
            messaging.convertAndSend(
                    SESSION_DESTINATION + session.id,
                    frame,
                    Map.of(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON));
        } catch (RuntimeException e) {
            log.debug("Could not hand a frame to session {}: {}", session.id, e.toString());
        }
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
        messaging = messagingProvider.getObject();
        flusher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "live-flush"));
        long every = properties.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(
                () -> {
                    try {
                        flush();
                    } catch (RuntimeException e) {
                        log.warn("Live flush failed", e);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        flusher.shutdownNow();
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
