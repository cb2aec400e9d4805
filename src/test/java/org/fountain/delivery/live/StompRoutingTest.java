package org.fountain.delivery.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fountain.FountainIntegrationTest;
import org.fountain.accounts.Accounts;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.MatchSummary;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterAudiences;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.filters.Visibility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who receives a match, checked at the STOMP message level (no socket, no browser): sessions connect and subscribe
 * through the inbound channel as a browser's frames would, a match is handed to the live registry as the relay would
 * hand it, and the MESSAGE frames written to each connection are read back from a socket that keeps them.
 */
class StompRoutingTest extends FountainIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CSRF = UUID.randomUUID().toString();

    @Autowired
    @Qualifier("clientInboundChannel")
    MessageChannel inbound;

    @Autowired
    LiveSessions sessions;

    @Autowired
    LiveConnections connections;

    @Autowired
    LiveWriters writers;

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    FilterAudiences audiences;

    /** The MESSAGE frames written to this test's sessions, by session, as STOMP decodes them. */
    private final Map<String, List<Message<byte[]>>> sent = new ConcurrentHashMap<>();

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aMatchGoesToItsOwnerAndTheFollowersOfAPublicFilterOnEachOfTheirSessionsAndToNobodyElse() throws Exception {
        String owner = register("olga");
        String follower = register("finn");
        String bystander = register("bea");
        Filter shared = filters.create(
                owner, new FilterDraft("Routed", "", "objectId == 'none'", "ztf", Visibility.PUBLIC, true, false));
        Filter own = filters.create(owner, FilterDraft.of("Private", "objectId == 'none'"));
        filters.follow(shared.id(), follower);
        await().atMost(SECONDS_20).until(() -> followersOf(shared.id()).contains(follower));
        String ownerDesk = open(owner, "sub-a");
        String ownerLaptop = open(owner, "sub-b");
        String followerDesk = open(follower, "sub-c");
        String bystanderDesk = open(bystander, "sub-d");

        sessions.offer(match(shared, owner, "ZTF26routeda"), false);
        sessions.offer(match(own, owner, "ZTF26routedb"), false);

        await().atMost(SECONDS_20).untilAsserted(() -> {
            assertThat(objects(ownerDesk)).containsExactly("ZTF26routeda", "ZTF26routedb");
            assertThat(objects(ownerLaptop)).containsExactly("ZTF26routeda", "ZTF26routedb");
            assertThat(objects(followerDesk)).containsExactly("ZTF26routeda");
        });
        assertThat(sent.get(bystanderDesk)).isNull();
        // each frame is addressed to the session's own subscription of its own match queue
        Message<byte[]> frame = sent.get(ownerLaptop).get(0);
        StompHeaderAccessor headers = StompHeaderAccessor.wrap(frame);
        assertThat(headers.getCommand()).isEqualTo(StompCommand.MESSAGE);
        assertThat(headers.getSubscriptionId()).isEqualTo("sub-b");
        assertThat(headers.getDestination()).isEqualTo(LiveConnections.SUBSCRIPTION);
        assertThat(headers.getContentType()).hasToString("application/json;charset=UTF-8");
        // the same frame went to the other session of the same subscription id, under a message id of its own
        String otherId = StompHeaderAccessor.wrap(sent.get(ownerDesk).get(0)).getMessageId();
        assertThat(headers.getMessageId()).isNotBlank().isNotEqualTo(otherId);
    }

    @Test
    void aFollowerStopsReceivingOnceTheyUnfollowAndASessionThatUnsubscribedReceivesNothing() throws Exception {
        String owner = register("ovid");
        String follower = register("fay");
        Filter shared = filters.create(
                owner, new FilterDraft("Unfollowed", "", "objectId == 'none'", "ztf", Visibility.PUBLIC, true, false));
        filters.follow(shared.id(), follower);
        await().atMost(SECONDS_20).until(() -> followersOf(shared.id()).contains(follower));
        String followerDesk = open(follower, "sub-e");
        String ownerDesk = open(owner, "sub-f");
        sessions.offer(match(shared, owner, "ZTF26unfolla"), false);
        await().atMost(SECONDS_20)
                .untilAsserted(() -> assertThat(objects(followerDesk)).containsExactly("ZTF26unfolla"));

        filters.unfollow(shared.id(), follower);
        await().atMost(SECONDS_20).until(() -> !followersOf(shared.id()).contains(follower));
        inbound.send(frame(StompCommand.UNSUBSCRIBE, ownerDesk, owner, null, "sub-f"));
        String ownerLaptop = open(owner, "sub-g");
        sessions.offer(match(shared, owner, "ZTF26unfollb"), false);

        await().atMost(SECONDS_20)
                .untilAsserted(() -> assertThat(objects(ownerLaptop)).containsExactly("ZTF26unfollb"));
        assertThat(objects(followerDesk)).containsExactly("ZTF26unfolla");
        assertThat(objects(ownerDesk)).containsExactly("ZTF26unfolla");
    }

    @Test
    void aFirehoseIsShownWithItsNewestMatchAsTheSample() throws Exception {
        String owner = register("hose");
        Filter hose = filters.create(owner, FilterDraft.of("Hose", "objectId == 'none'"));
        String desk = open(owner, "sub-h");
        // 250 matches a second (a firehose from 20), in batches of five offered at once as the relay offers one
        // record's matches, so that every flush interval has some and each report a sample: the newest
        long until = System.nanoTime() + 20_000_000_000L;
        for (int batch = 0; samples(desk, hose).size() < 3 && System.nanoTime() < until; batch++) {
            List<MatchSummary> matches = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                matches.add(match(hose, owner, "ZTF26hose" + batch + "x" + i));
            }
            sessions.offer(matches, false);
            Thread.sleep(20);
        }
        assertThat(samples(desk, hose))
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(sample -> assertThat(sample).endsWith("x4"));
    }

    /** The objects listed in frames that report the filter as a firehose with a sample shown. */
    private List<String> samples(String session, Filter filter) {
        return sent.getOrDefault(session, List.of()).stream()
                .map(m -> JSON.readTree(new String(m.getPayload(), StandardCharsets.UTF_8)))
                .filter(frame -> frame.has("firehose")
                        && frame.get("firehose")
                                .valueStream()
                                .anyMatch(r -> r.get("filterId").asLong() == filter.id()
                                        && r.get("shown").asInt() == 1))
                .flatMap(frame -> frame.get("matches").valueStream())
                .filter(m -> m.get("filterId").asLong() == filter.id())
                .map((JsonNode m) -> m.get("objectId").asString())
                .toList();
    }

    private String register(String name) {
        String user = "route-" + name + "-" + run;
        accounts.register(user, name + "-password-long");
        return user;
    }

    /** A session of {@code user} connected and subscribed to its match queue, as a dashboard does. */
    private String open(String user, String subscription) {
        String session = "routing-" + run + "-" + subscription;
        writers.attach(new KeptSocket(session));
        inbound.send(frame(StompCommand.CONNECT, session, user, null, null));
        inbound.send(frame(StompCommand.SUBSCRIBE, session, user, LiveConnections.SUBSCRIPTION, subscription));
        await().atMost(SECONDS_20).until(() -> connections.watching(user));
        return session;
    }

    private static Message<byte[]> frame(
            StompCommand command, String session, String user, String destination, String subscription) {
        StompHeaderAccessor headers = StompHeaderAccessor.create(command);
        headers.setSessionId(session);
        // the token the page was given, as the HTTP handshake leaves it in the session, and its masked form the
        // page sends back on CONNECT (masked with a zero pad: the mask only keeps it from being read off the wire)
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", CSRF));
        headers.setSessionAttributes(attributes);
        byte[] token = CSRF.getBytes(StandardCharsets.UTF_8);
        byte[] masked = new byte[token.length * 2];
        System.arraycopy(token, 0, masked, token.length, token.length);
        headers.setNativeHeader("X-CSRF-TOKEN", Base64.getUrlEncoder().encodeToString(masked));
        headers.setUser(UsernamePasswordAuthenticationToken.authenticated(
                user, null, List.of(new SimpleGrantedAuthority("ROLE_USER"))));
        if (destination != null) {
            headers.setDestination(destination);
        }
        if (subscription != null) {
            headers.setSubscriptionId(subscription);
        }
        if (command == StompCommand.CONNECT) {
            headers.setAcceptVersion("1.2");
        }
        return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
    }

    private static MatchSummary match(Filter filter, String owner, String objectId) {
        return new MatchSummary(
                filter.id(),
                filter.name(),
                owner,
                new AlertSummary(
                        "ztf",
                        objectId.hashCode() & 0x7fffffffL,
                        objectId,
                        61000.5,
                        10.0,
                        20.0,
                        18.5,
                        "g",
                        SURVEY_TOPIC,
                        0,
                        0),
                System.currentTimeMillis(),
                false);
    }

    /** The objects of the matches listed in the frames a session was sent, in order. */
    private List<String> objects(String session) {
        return sent.getOrDefault(session, List.of()).stream()
                .map(m -> JSON.readTree(new String(m.getPayload(), StandardCharsets.UTF_8)))
                .flatMap(frame -> frame.get("matches").valueStream())
                .map((JsonNode m) -> m.get("objectId").asString())
                .toList();
    }

    /** A connection's socket that keeps the STOMP frames written to it, decoded, in {@link #sent}. */
    private final class KeptSocket implements WebSocketSession {
        private final String id;
        private final StompDecoder decoder = new StompDecoder();
        private volatile boolean open = true;

        KeptSocket(String id) {
            this.id = id;
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) {
            ByteBuffer bytes = ((BinaryMessage) message).getPayload();
            for (Message<byte[]> frame : decoder.decode(bytes)) {
                sent.computeIfAbsent(id, s -> new CopyOnWriteArrayList<>()).add(frame);
            }
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public void close(CloseStatus status) {
            open = false;
        }

        @Override
        public URI getUri() {
            return URI.create("ws://localhost/ws");
        }

        @Override
        public HttpHeaders getHandshakeHeaders() {
            return new HttpHeaders();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public Principal getPrincipal() {
            return null;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return null;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public String getAcceptedProtocol() {
            return "v12.stomp";
        }

        @Override
        public void setTextMessageSizeLimit(int limit) {}

        @Override
        public int getTextMessageSizeLimit() {
            return 0;
        }

        @Override
        public void setBinaryMessageSizeLimit(int limit) {}

        @Override
        public int getBinaryMessageSizeLimit() {
            return 0;
        }

        @Override
        public List<WebSocketExtension> getExtensions() {
            return List.of();
        }
    }

    private java.util.Set<String> followersOf(long filterId) {
        FilterAudiences.Audience audience = audiences.of(filterId);
        return audience == null ? java.util.Set.of() : audience.followers();
    }
}
