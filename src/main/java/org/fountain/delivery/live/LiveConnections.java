package org.fountain.delivery.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.Principal;
import java.util.Collection;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The dashboards connected to this instance, by connection and by user, as STOMP frames come in over the inbound
 * channel: a connection of a signed-in user is registered at CONNECT (at most {@code max-sessions-per-user} per user),
 * its subscriptions counted (at most {@code max-subscriptions-per-session}), and it receives matches once it
 * subscribes to {@link #SUBSCRIPTION}; it is forgotten when it unsubscribes or disconnects.
 */
@Component
class LiveConnections implements ChannelInterceptor {

    static final String SUBSCRIPTION = "/user/queue/matches";

    private static final Logger log = LoggerFactory.getLogger(LiveConnections.class);

    /** A STOMP frame encoded for a connection, and when it was handed over. */
    record Out(byte[] bytes, long handedAt) {}

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
        final Queue<Out> outbox = new ConcurrentLinkedQueue<>();

        final AtomicBoolean draining = new AtomicBoolean();
        volatile long writingSince;
        /** What it is still to be told it missed and skipped (the flush thread's alone). */
        long missed;

        long skipped;

        Session(String id, String user) {
            this.id = id;
            this.user = user;
        }
    }

    private final LiveProperties properties;
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> byUser = new ConcurrentHashMap<>();

    LiveConnections(LiveProperties properties, MeterRegistry meters) {
        this.properties = properties;
        Gauge.builder("fountain.live.sessions", byId, Map::size)
                .description("STOMP connections open on this instance")
                .register(meters);
    }

    /** The connections of a user following their matches here, or null. */
    @Nullable
    Set<Session> of(String user) {
        return byUser.get(user);
    }

    /** The users here who follow their matches. */
    Set<String> users() {
        return byUser.keySet();
    }

    /** A connection by its id, or null once it is gone. */
    @Nullable
    Session byId(String id) {
        return byId.get(id);
    }

    /** Every connection. */
    Collection<Session> all() {
        return byId.values();
    }

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
}
