package org.fountain.delivery.live;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpSession;
import org.fountain.FountainIntegrationTest;
import org.fountain.StompDashboard;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.Credential;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.WebSocketSession;

/**
 * An open dashboard counts as activity of the session it signed in with: however long it stays open without an HTTP
 * request, its session does not time out under it (found by the night harness: after the session timeout, every
 * dashboard was closed).
 */
class LiveSessionKeepAliveTest extends FountainIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    LiveWriters writers;

    @Autowired
    LiveCredentials credentials;

    @Test
    void anOpenDashboardKeepsItsSessionFromTimingOut() throws Exception {
        accounts.register("alive-amy", "amy-password-1");
        try (StompDashboard dashboard =
                StompDashboard.open("http://localhost:" + port, "alive-amy", "amy-password-1")) {
            HttpSession session = null;
            for (WebSocketSession socket : writers.sockets()) {
                if (socket.getAttributes().get("fountain.credential") instanceof Credential.Session signedIn
                        && signedIn.username().equals("alive-amy")) {
                    session = signedIn.session();
                }
            }
            assertThat(session).as("the connection holds its session").isNotNull();
            // as if the session's timeout were a second and the dashboard had been open longer than that
            session.setMaxInactiveInterval(1);
            Thread.sleep(1500);
            credentials.check();
            assertThat(session.getMaxInactiveInterval())
                    .as("the session's idle limit now counts from the last check, not the last request")
                    .isGreaterThanOrEqualTo(60);
            assertThat(writers.sockets()).anyMatch(WebSocketSession::isOpen);
        }
    }
}
