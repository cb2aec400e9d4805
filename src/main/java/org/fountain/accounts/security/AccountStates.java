package org.fountain.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What open sessions are checked against: the accounts an administrator disabled, and each account's credentials
 * version, which a password change or reset, a role change and disabling raise. A signed-in session remembers the
 * version it began with; once the account's differs, the session ends at its next request (the user signs in again,
 * with the new password and the role they have now). Known on this instance at once, on others within {@link
 * #REFRESH_SECONDS}. Also notes each sign-in, for the operator pages.
 */
@Component
public class AccountStates implements SmartLifecycle {

    static final long REFRESH_SECONDS = 5;
    /** The session attribute holding the account and credentials version a session began with. */
    static final String STAMP = "fountain.credentials";

    private final UserRows users;
    private volatile Set<String> disabled = Set.of();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private @Nullable Instant versionsRead;
    private @Nullable ScheduledExecutorService refresher;

    AccountStates(UserRows users) {
        this.users = users;
    }

    /** The account and credentials version a session began with. */
    record Stamp(String username, long version) implements Serializable {}

    /** Reads the disabled accounts and changed credentials again (after a change here, and every few seconds). */
    public synchronized void refresh() {
        Instant reading = Instant.now();
        disabled = new HashSet<>(users.disabledByAdministrators());
        // changes since the last read, with a margin for clocks and transactions in flight
        versions.putAll(users.credentialsVersions(versionsRead == null ? null : versionsRead.minusSeconds(10)));
        versionsRead = reading;
    }

    public boolean disabled(String username) {
        return disabled.contains(username);
    }

    /** The account's credentials version as known here. */
    public long version(String username) {
        return versions.getOrDefault(username, 0L);
    }

    /** Marks the request's session as begun with the account's credentials as they are now (after a sign-in). */
    public void stamp(HttpServletRequest request, String username) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(STAMP, new Stamp(username, version(username)));
        }
    }

    /** Whether the request is signed in by its session (not by a token or HTTP Basic, which carry their own). */
    public boolean bySession(HttpServletRequest request) {
        return !BearerTokens.carriesBearer(request)
                && !SecurityConfig.carriesBasicCredentials(request)
                && request.getSession(false) != null;
    }

    /** The credentials version the request's session began with, or null without a session of this user. */
    public @Nullable Long sessionVersion(HttpServletRequest request, String username) {
        HttpSession session = request.getSession(false);
        Object stamp = session == null ? null : session.getAttribute(STAMP);
        return stamp instanceof Stamp s && s.username().equals(username) ? s.version() : null;
    }

    @EventListener
    void signedIn(AuthenticationSuccessEvent event) {
        String name = event.getAuthentication().getName();
        users.signedIn(name);
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            stamp(request.getRequest(), name);
        }
    }

    /**
     * Ends a session whose account was disabled or whose credentials changed since it began: 401 on the API, the
     * login page elsewhere. A request authenticated by a token or HTTP Basic has no session to end (a disabled
     * account's token or password is refused before this).
     */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication who = SecurityContextHolder.getContext().getAuthentication();
                if (who == null || who instanceof AnonymousAuthenticationToken || !who.isAuthenticated()) {
                    chain.doFilter(request, response);
                    return;
                }
                String name = who.getName();
                String why = null;
                if (disabled(name)) {
                    why = "disabled";
                } else if (bySession(request)) {
                    Long began = sessionVersion(request, name);
                    if (began == null) {
                        stamp(request, name); // the first request after signing in
                    } else if (began != version(name)) {
                        why = "changed";
                    }
                }
                if (why == null) {
                    chain.doFilter(request, response);
                    return;
                }
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                if (SecurityConfig.isApi(request)) {
                    response.sendError(
                            HttpServletResponse.SC_UNAUTHORIZED,
                            why.equals("disabled")
                                    ? "This account is disabled"
                                    : "The account's password or role changed: sign in again");
                } else {
                    response.sendRedirect(request.getContextPath() + "/login?" + why);
                }
            }
        };
    }

    @Override
    public void start() {
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "account-states");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(
                () -> {
                    try {
                        refresh();
                    } catch (RuntimeException e) {
                        // the database is away: the last known states stay
                    }
                },
                REFRESH_SECONDS,
                REFRESH_SECONDS,
                TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
