package org.fountain.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accounts an administrator disabled, so that their sessions already open end at their next request (a sign-in is
 * refused by the account's own row). Known on this instance at once, on others within {@link #REFRESH_SECONDS}.
 * Also notes each sign-in, for the operator pages.
 */
@Component
public class DisabledAccounts implements SmartLifecycle {

    static final long REFRESH_SECONDS = 30;

    private final UserRows users;
    private volatile Set<String> disabled = Set.of();
    private @Nullable ScheduledExecutorService refresher;

    DisabledAccounts(UserRows users) {
        this.users = users;
    }

    /** Reads the disabled accounts again (after a change here, and every half minute for changes elsewhere). */
    public void refresh() {
        disabled = new HashSet<>(users.disabledByAdministrators());
    }

    @EventListener
    void signedIn(AuthenticationSuccessEvent event) {
        users.signedIn(event.getAuthentication().getName());
    }

    /** Ends a disabled account's session: 401 on the API, the login page elsewhere. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication who = SecurityContextHolder.getContext().getAuthentication();
                if (who == null || !disabled.contains(who.getName())) {
                    chain.doFilter(request, response);
                    return;
                }
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                if (request.getRequestURI()
                        .substring(request.getContextPath().length())
                        .startsWith("/api/")) {
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "This account is disabled");
                } else {
                    response.sendRedirect(request.getContextPath() + "/login?disabled");
                }
            }
        };
    }

    @Override
    public void start() {
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "disabled-accounts");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(
                () -> {
                    try {
                        refresh();
                    } catch (RuntimeException e) {
                        // the database is away: the last known set stays
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
