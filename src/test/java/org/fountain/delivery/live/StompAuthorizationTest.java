package org.fountain.delivery.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.fountain.FountainIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Deny-by-default STOMP security, checked at the inbound channel every browser frame passes through (below the socket
 * and the browser): a signed-in user may subscribe to their own match queue, and nothing else is let through.
 */
class StompAuthorizationTest extends FountainIntegrationTest {

    private static final Authentication USER = UsernamePasswordAuthenticationToken.authenticated(
            "stomp-sue", null, List.of(new SimpleGrantedAuthority("ROLE_USER")));

    @Autowired
    @Qualifier("clientInboundChannel")
    MessageChannel inbound;

    private final String session = "channel-test-" + UUID.randomUUID();

    private Message<byte[]> frame(StompCommand command, String destination, Authentication user) {
        StompHeaderAccessor headers = StompHeaderAccessor.create(command);
        headers.setSessionId(session);
        headers.setSessionAttributes(new HashMap<>());
        if (destination != null) {
            headers.setDestination(destination);
        }
        if (command == StompCommand.SUBSCRIBE || command == StompCommand.UNSUBSCRIBE) {
            headers.setSubscriptionId("sub-0");
        }
        if (user != null) {
            headers.setUser(user);
        }
        return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
    }

    private void assertRefused(StompCommand command, String destination, Authentication user) {
        assertThatThrownBy(() -> inbound.send(frame(command, destination, user)))
                .as("%s %s as %s", command, destination, user == null ? "nobody" : user.getName())
                .isInstanceOf(MessageDeliveryException.class)
                .hasRootCauseInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aSignedInUserMaySubscribeToTheirOwnMatchQueueAndLeave() {
        assertThat(inbound.send(frame(StompCommand.SUBSCRIBE, "/user/queue/matches", USER)))
                .isTrue();
        assertThat(inbound.send(frame(StompCommand.UNSUBSCRIBE, null, USER))).isTrue();
        assertThat(inbound.send(frame(StompCommand.DISCONNECT, null, USER))).isTrue();
    }

    @Test
    void nobodySignedInMaySubscribeOrEvenUnsubscribe() {
        assertRefused(StompCommand.SUBSCRIBE, "/user/queue/matches", null);
        assertRefused(StompCommand.UNSUBSCRIBE, null, null);
        assertRefused(StompCommand.CONNECT, null, null);
    }

    @Test
    void aSignedInUserMayNotSubscribeToAnythingElse() {
        for (String destination : List.of(
                "/topic/matches",
                "/queue/matches",
                "/queue/matches-user" + session,
                "/user/queue/matches/other",
                "/user/stomp-bob/queue/matches",
                "/user/queue/other",
                "/app/matches")) {
            assertRefused(StompCommand.SUBSCRIBE, destination, USER);
        }
    }

    @Test
    void nobodyMaySendToTheBrokerOrTheApplication() {
        for (String destination : List.of("/user/queue/matches", "/queue/matches", "/topic/matches", "/app/filters")) {
            assertRefused(StompCommand.SEND, destination, USER);
        }
        assertRefused(StompCommand.MESSAGE, "/user/queue/matches", USER);
    }

    @Test
    void aConnectWithoutTheSessionsCsrfTokenIsRefusedEvenForASignedInUser() {
        assertRefused(StompCommand.CONNECT, null, USER);
    }
}
