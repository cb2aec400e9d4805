package org.fountain.delivery.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
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
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.filters.Visibility;
import org.fountain.matching.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who receives a match, checked at the STOMP message level (no socket, no browser): sessions connect and subscribe
 * through the inbound channel as a browser's frames would, a match is handed to the live registry as the relay would
 * hand it, and the MESSAGE frames that reach the outbound channel are read before any socket would write them.
 */
class StompRoutingTest extends FountainIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CSRF = UUID.randomUUID().toString();

    @Autowired
    @Qualifier("clientInboundChannel")
    MessageChannel inbound;

    @Autowired
    @Qualifier("clientOutboundChannel")
    AbstractSubscribableChannel outbound;

    @Autowired
    LiveSessions sessions;

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    Matcher matcher;

    /** The MESSAGE frames sent to this test's sessions, by session; kept from any socket. */
    private final Map<String, List<Message<?>>> sent = new ConcurrentHashMap<>();

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private final ChannelInterceptor capture = new ChannelInterceptor() {
        @Override
        public Message<?> preSend(Message<?> message, MessageChannel channel) {
            SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(message);
            String session = headers.getSessionId();
            if (session == null || !session.startsWith("routing-" + run)) {
                return message;
            }
            if (headers.getMessageType() == SimpMessageType.MESSAGE) {
                sent.computeIfAbsent(session, s -> new CopyOnWriteArrayList<>()).add(message);
            }
            return null; // these sessions have no socket
        }
    };

    @BeforeEach
    void captureOutbound() {
        outbound.addInterceptor(0, capture);
    }

    @AfterEach
    void stopCapturing() {
        outbound.removeInterceptor(capture);
    }

    @Test
    void aMatchGoesToItsOwnerAndTheFollowersOfAPublicFilterOnEachOfTheirSessionsAndToNobodyElse() throws Exception {
        String owner = register("olga");
        String follower = register("finn");
        String bystander = register("bea");
        Filter shared = filters.create(
                owner, new FilterDraft("Routed", "", "objectId == 'none'", "ztf", Visibility.PUBLIC, true, false));
        Filter own = filters.create(owner, FilterDraft.of("Private", "objectId == 'none'"));
        filters.follow(shared.id(), follower);
        await().atMost(SECONDS_20).until(() -> matcher.followersOf(shared.id()).contains(follower));
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
        Message<?> frame = sent.get(ownerLaptop).get(0);
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(frame);
        assertThat(headers.getSubscriptionId()).isEqualTo("sub-b");
        assertThat(headers.getDestination()).isEqualTo(LiveSessions.SUBSCRIPTION);
    }

    @Test
    void aFollowerStopsReceivingOnceTheyUnfollowAndASessionThatUnsubscribedReceivesNothing() throws Exception {
        String owner = register("ovid");
        String follower = register("fay");
        Filter shared = filters.create(
                owner, new FilterDraft("Unfollowed", "", "objectId == 'none'", "ztf", Visibility.PUBLIC, true, false));
        filters.follow(shared.id(), follower);
        await().atMost(SECONDS_20).until(() -> matcher.followersOf(shared.id()).contains(follower));
        String followerDesk = open(follower, "sub-e");
        String ownerDesk = open(owner, "sub-f");
        sessions.offer(match(shared, owner, "ZTF26unfolla"), false);
        await().atMost(SECONDS_20)
                .untilAsserted(() -> assertThat(objects(followerDesk)).containsExactly("ZTF26unfolla"));

        filters.unfollow(shared.id(), follower);
        await().atMost(SECONDS_20).until(() -> !matcher.followersOf(shared.id()).contains(follower));
        inbound.send(frame(StompCommand.UNSUBSCRIBE, ownerDesk, owner, null, "sub-f"));
        String ownerLaptop = open(owner, "sub-g");
        sessions.offer(match(shared, owner, "ZTF26unfollb"), false);

        await().atMost(SECONDS_20)
                .untilAsserted(() -> assertThat(objects(ownerLaptop)).containsExactly("ZTF26unfollb"));
        assertThat(objects(followerDesk)).containsExactly("ZTF26unfolla");
        assertThat(objects(ownerDesk)).containsExactly("ZTF26unfolla");
    }

    private String register(String name) {
        String user = "route-" + name + "-" + run;
        accounts.register(user, name + "-password-long");
        return user;
    }

    /** A session of {@code user} connected and subscribed to its match queue, as a dashboard does. */
    private String open(String user, String subscription) {
        String session = "routing-" + run + "-" + subscription;
        inbound.send(frame(StompCommand.CONNECT, session, user, null, null));
        inbound.send(frame(StompCommand.SUBSCRIBE, session, user, LiveSessions.SUBSCRIPTION, subscription));
        await().atMost(SECONDS_20).until(() -> sessions.watching(user));
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
                .map(m -> JSON.readTree(new String((byte[]) m.getPayload(), StandardCharsets.UTF_8)))
                .flatMap(frame -> frame.get("matches").valueStream())
                .map((JsonNode m) -> m.get("objectId").asString())
                .toList();
    }
}
