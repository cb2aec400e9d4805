package org.fountain;

import java.lang.reflect.Type;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dashboard as a script sees it: signs in through the login form, connects over STOMP with the page's CSRF token
 * and the session cookie, and subscribes to its matches. Keeps every frame and every error it receives.
 */
public final class StompDashboard implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A received frame and when it arrived. */
    record Frame(JsonNode body, long receivedAtMillis) {}

    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<String> errors;
    /** When set, frames go here instead of into {@link #frames} (a load harness keeps figures, not frames). */
    volatile java.util.function.Consumer<Frame> listener;

    private final WebSocketStompClient client;
    private final boolean ownsClient;
    private final StompSession session;

    private StompDashboard(
            WebSocketStompClient client, boolean ownsClient, StompSession session, BlockingQueue<String> errors) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.session = session;
        this.errors = errors;
    }

    public static StompDashboard open(String baseUrl, String user, String password) throws Exception {
        return connect(baseUrl, new WebSession(baseUrl).signIn(user, password), true);
    }

    /** Connects a signed-in session; subscribes to its matches when asked. */
    static StompDashboard connect(String baseUrl, WebSession web, boolean subscribe) throws Exception {
        return connect(baseUrl, web, subscribe, null);
    }

    /** Connects over a shared STOMP client (left open on close), or a client of its own when none is given. */
    static StompDashboard connect(String baseUrl, WebSession web, boolean subscribe, WebSocketStompClient shared)
            throws Exception {
        WebSocketStompClient client = shared == null ? client() : shared;
        client.setMessageConverter(new Bytes());
        WebSocketHttpHeaders handshake = new WebSocketHttpHeaders();
        handshake.add("Cookie", web.cookieHeader());
        StompHeaders connect = new StompHeaders();
        web.pageCsrf("/dashboard").forEach(connect::add);
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        StompSession session;
        try {
            session = connect(client, baseUrl, handshake, connect, errors);
        } catch (java.util.concurrent.ExecutionException e) {
            // the ERROR frame that says why may arrive just after the failure
            String why = errors.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            if (shared == null) {
                stop(client);
            }
            throw new IllegalStateException("refused: " + why + " " + errors, e);
        }
        StompDashboard dashboard = new StompDashboard(client, shared == null, session, errors);
        if (subscribe) {
            dashboard.subscribe("/user/queue/matches");
        }
        return dashboard;
    }

    private static StompSession connect(
            WebSocketStompClient client,
            String baseUrl,
            WebSocketHttpHeaders handshake,
            StompHeaders connect,
            BlockingQueue<String> errors)
            throws Exception {
        return client.connectAsync(
                        URI.create(baseUrl.replace("http", "ws") + "/ws"),
                        handshake,
                        connect,
                        new StompSessionHandlerAdapter() {
                            @Override
                            public void handleFrame(StompHeaders headers, Object payload) {
                                errors.add(String.valueOf(headers.getFirst("message")));
                            }

                            @Override
                            public void handleException(
                                    StompSession s, StompCommand command, StompHeaders h, byte[] p, Throwable e) {
                                errors.add(e.toString());
                            }

                            @Override
                            public void handleTransportError(StompSession s, Throwable e) {
                                errors.add(e.toString());
                            }
                        })
                .get(10, TimeUnit.SECONDS);
    }

    /** A STOMP client that sends heart-beats as a browser's dashboard does (the portal drops a silent client). */
    static WebSocketStompClient client() {
        jakarta.websocket.WebSocketContainer container = jakarta.websocket.ContainerProvider.getWebSocketContainer();
        // allocated per connection, each way: a load harness with thousands of clients may ask for less
        int buffer = Integer.getInteger("fountain.load.client-buffer", 512 << 10);
        container.setDefaultMaxTextMessageBufferSize(buffer);
        container.setDefaultMaxBinaryMessageBufferSize(buffer);
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
        client.setInboundMessageSizeLimit(buffer);
        org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler heartbeats =
                new org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler();
        heartbeats.setPoolSize(2);
        heartbeats.setDaemon(true);
        heartbeats.setThreadNamePrefix("stomp-client-heartbeat-");
        heartbeats.initialize();
        client.setTaskScheduler(heartbeats);
        return client;
    }

    void subscribe(String destination) {
        session.subscribe(destination, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                long received = System.currentTimeMillis();
                Frame frame = new Frame(parse((byte[]) payload), received);
                java.util.function.Consumer<Frame> to = listener;
                if (to == null) {
                    frames.add(frame);
                } else {
                    to.accept(frame);
                }
            }
        });
    }

    /**
     * The frame's JSON. Dashboards following the same filters receive the same frames: a load harness with a thousand
     * of them in one process parses each distinct frame once (its bytes compared in full), so that the clients' own
     * work does not crowd out the portal it measures.
     */
    private static JsonNode parse(byte[] payload) {
        int hash = payload.length;
        for (int i = 0, step = Math.max(1, payload.length / 32); i < payload.length; i += step) {
            hash = hash * 31 + payload[i];
        }
        int slot = (hash & 0x7fffffff) % PARSED.length();
        Parsed cached = PARSED.get(slot);
        if (cached != null && java.util.Arrays.equals(cached.bytes(), payload)) {
            return cached.json();
        }
        JsonNode json = JSON.readTree(payload);
        PARSED.set(slot, new Parsed(payload, json));
        return json;
    }

    private record Parsed(byte[] bytes, JsonNode json) {}

    private static final java.util.concurrent.atomic.AtomicReferenceArray<Parsed> PARSED =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(4096);

    boolean connected() {
        return session.isConnected();
    }

    String sessionId() {
        return session.getSessionId();
    }

    /** Every match received so far, frame by frame, in order. */
    List<JsonNode> matches() {
        List<JsonNode> all = new ArrayList<>();
        for (Frame frame : List.copyOf(frames)) {
            frame.body().get("matches").forEach(all::add);
        }
        return all;
    }

    /**
     * Every match this dashboard was told of: those listed, and those a firehose's reports only counted (its
     * {@code matches} less the {@code shown} sample).
     */
    long accounted() {
        long n = 0;
        for (Frame frame : List.copyOf(frames)) {
            n += frame.body().get("matches").size();
            JsonNode rates = frame.body().get("firehose");
            if (rates != null) {
                for (JsonNode rate : rates) {
                    n += rate.get("matches").asLong() - rate.get("shown").asLong();
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        try {
            if (session.isConnected()) {
                session.disconnect();
            }
        } finally {
            if (ownsClient) {
                stop(client);
            }
        }
    }

    /** Stops a client made by {@link #client()}, heart-beat threads included. */
    static void stop(WebSocketStompClient client) {
        client.stop();
        if (client.getTaskScheduler()
                instanceof org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler heartbeats) {
            heartbeats.shutdown();
        }
    }

    /** Hands frame bodies over as bytes, whatever their content type. */
    private static final class Bytes implements MessageConverter {
        @Override
        public Object fromMessage(Message<?> message, Class<?> targetClass) {
            return message.getPayload();
        }

        @Override
        public Message<?> toMessage(Object payload, MessageHeaders headers) {
            return MessageBuilder.createMessage(payload, headers);
        }
    }
}
