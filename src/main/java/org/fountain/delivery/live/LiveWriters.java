package org.fountain.delivery.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Writes frames to the connections here: each connection's frames in order, by a small pool of writer threads, so
 * that a client that stops reading holds one writer (until {@code send-time-limit} closes it) and delays no other.
 * Every connection's socket is wrapped in a writer that serializes writes (installed by {@link StompConfig}), so
 * STOMP's own frames (CONNECTED, heart-beats, errors) and these never interleave.
 */
@Component
class LiveWriters implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveWriters.class);

    private final LiveProperties properties;
    /** The open WebSocket connections here, by id (the STOMP session's id), as frames are written to them. */
    private final Map<String, WebSocketSession> sockets = new ConcurrentHashMap<>();

    private final Counter frames;
    private final Timer writeDelay;
    private final StompEncoder encoder = new StompEncoder();
    /** The last message id given, unique on every connection: each frame encoded (flush thread) takes the next. */
    private long messageIds;

    private @Nullable ExecutorService writers;
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> daemon(r, "live-close"));
    private volatile boolean running;

    LiveWriters(LiveProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.frames = meters.counter("fountain.live.frames");
        this.writeDelay = Timer.builder("fountain.live.write.delay")
                .description("From a flush handing a frame to a connection to the frame written to its socket")
                .register(meters);
    }

    /** A frame to hand to connections, encoded as STOMP once per subscription id. */
    Encoded encoded(LiveFrames.Frame frame) {
        return new Encoded(frame);
    }

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
    Collection<WebSocketSession> sockets() {
        return sockets.values();
    }

    /** Frames for the STOMP session of this id are written to {@code socket} from now on. */
    void attach(WebSocketSession socket) {
        sockets.put(socket.getId(), socket);
    }

    /** Closes the connections whose write has not completed within the send-time limit. */
    void closeStuckWriters(Collection<LiveConnections.Session> sessions) {
        long now = System.nanoTime();
        long stuckAfter = properties.sendTimeLimit().toNanos();
        for (LiveConnections.Session session : sessions) {
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
     * A frame's body and its STOMP MESSAGE frames, encoded once per subscription id for every connection that is
     * sent it: dashboards name their subscriptions alike, so a frame for a thousand of them is encoded once, and
     * every connection is written the same bytes.
     */
    final class Encoded {
        final LiveFrames.Frame frame;
        private final Map<String, byte[]> bySubscription = new HashMap<>(2);

        Encoded(LiveFrames.Frame frame) {
            this.frame = frame;
        }

        byte[] to(String subscription) {
            return bySubscription.computeIfAbsent(subscription, id -> {
                StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.MESSAGE);
                headers.setSubscriptionId(id);
                headers.setDestination(LiveConnections.SUBSCRIPTION);
                headers.setMessageId(Long.toString(++messageIds));
                headers.setContentType(JSON);
                return encoder.encode(headers.getMessageHeaders(), frame.bytes());
            });
        }
    }

    private static final MimeType JSON = new MimeType("application", "json", StandardCharsets.UTF_8);

    /**
     * Hands a frame to the connection for each of its subscriptions to {@link LiveConnections#SUBSCRIPTION}, in order after those
     * before it; one of the writer threads writes them to its socket.
     */
    void send(LiveConnections.Session session, Encoded encoded) {
        long now = System.nanoTime();
        for (String subscription : session.matchSubscriptions) {
            byte[] bytes = encoded.to(subscription);
            session.handed.incrementAndGet();
            session.handedBytes.addAndGet(bytes.length);
            frames.increment();
            session.outbox.add(new LiveConnections.Out(bytes, now));
        }
        schedule(session);
    }

    private void schedule(LiveConnections.Session session) {
        ExecutorService current = writers;
        if (current != null && !session.outbox.isEmpty() && session.draining.compareAndSet(false, true)) {
            try {
                current.execute(() -> drain(session));
            } catch (RejectedExecutionException e) {
                session.draining.set(false); // stopping
            }
        }
    }

    /**
     * Writes what the connection has been handed, in order. A write that blocks (a client not reading) holds this
     * writer thread until it completes or {@link #closeStuckWriters} closes the connection; the other connections
     * are written by the other threads meanwhile.
     */
    private void drain(LiveConnections.Session session) {
        try {
            LiveConnections.Out out;
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
        AtomicInteger n = new AtomicInteger();
        writers = Executors.newFixedThreadPool(
                properties.outboundThreads(), r -> daemon(r, "live-write-" + n.incrementAndGet()));
        running = true;
    }

    @Override
    public void stop() {
        running = false;
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

    static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
