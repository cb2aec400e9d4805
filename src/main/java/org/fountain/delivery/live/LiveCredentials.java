package org.fountain.delivery.live;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fountain.accounts.Credential;
import org.fountain.accounts.Credentials;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Ties each live connection to what signed it in: the credential is taken at the handshake, and every {@code CHECK}
 * the connections whose credential no longer holds (signed out, the account disabled, its password or role changed)
 * are closed; the others count as activity of their session, which does not time out while they are open.
 */
@Component
class LiveCredentials implements HandshakeInterceptor, SmartLifecycle {

    static final long CHECK_SECONDS = 5;
    private static final String KEY = "fountain.credential";
    static final CloseStatus SIGNED_OUT = CloseStatus.POLICY_VIOLATION.withReason("signed out");

    private static final Logger log = LoggerFactory.getLogger(LiveCredentials.class);

    private final Credentials credentials;
    private final LiveWriters writers;
    private @Nullable ScheduledExecutorService checker;

    LiveCredentials(Credentials credentials, LiveWriters writers) {
        this.credentials = credentials;
        this.writers = writers;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes) {
        Principal user = request.getPrincipal();
        if (user != null && request instanceof ServletServerHttpRequest servlet) {
            attributes.put(KEY, credentials.current(servlet.getServletRequest(), user));
        }
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            @Nullable Exception exception) {}

    /** Closes the connections whose credential no longer holds; how many. */
    int check() {
        int closed = 0;
        for (WebSocketSession socket : writers.sockets()) {
            if (!(socket.getAttributes().get(KEY) instanceof Credential credential)) {
                continue;
            }
            if (credentials.holds(credential)) {
                credentials.keepAlive(credential); // an open dashboard keeps its session from timing out
                continue;
            }
            try {
                socket.close(SIGNED_OUT);
                closed++;
            } catch (IOException | RuntimeException e) {
                log.debug("Closing the connection of {}: {}", credential.username(), e.toString());
            }
        }
        return closed;
    }

    @Override
    public void start() {
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "live-credentials");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(
                () -> {
                    try {
                        check();
                    } catch (RuntimeException e) {
                        log.warn("Checking the live connections' credentials: {}", e.toString());
                    }
                },
                CHECK_SECONDS,
                CHECK_SECONDS,
                TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return checker != null;
    }
}
