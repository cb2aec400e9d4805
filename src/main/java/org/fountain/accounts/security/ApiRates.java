package org.fountain.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fountain.accounts.ApiProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code requests-per-minute} on the API, in fixed minutes: for each token, and for each user calling it with the
 * session or HTTP Basic (a page's scripts, or a script holding a password), so that no way in is unlimited.
 */
final class ApiRates {

    private final ApiProperties properties;
    private final Map<String, long[]> minutes = new ConcurrentHashMap<>();

    ApiRates(ApiProperties properties) {
        this.properties = properties;
    }

    /** Seconds until {@code key} may make another request this minute; 0 when it may now (and it is counted). */
    long waitSeconds(String key) {
        long now = System.currentTimeMillis();
        long minute = now / 60_000;
        long[] window = minutes.compute(key, (k, w) -> w == null || w[0] != minute ? new long[] {minute, 0} : w);
        synchronized (window) {
            if (window[1] >= properties.requestsPerMinute()) {
                return Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000);
            }
            window[1]++;
        }
        if (minutes.size() > 100_000) {
            minutes.entrySet().removeIf(e -> e.getValue()[0] != minute);
        }
        return 0;
    }

    /** Answers 429 with {@code Retry-After}, saying who made too many requests. */
    void refuse(HttpServletResponse response, long wait, String who) throws IOException {
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter()
                .write(who + " made " + properties.requestsPerMinute() + " requests this minute: try again in " + wait
                        + " s.\n");
    }

    /** Counts the API requests of a signed-in user that no token authenticated (those are counted per token). */
    OncePerRequestFilter perUser() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !SecurityConfig.isApi(request) || BearerTokens.carriesBearer(request);
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication who = SecurityContextHolder.getContext().getAuthentication();
                if (who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken)) {
                    long wait = waitSeconds("user:" + who.getName());
                    if (wait > 0) {
                        refuse(response, wait, "This account");
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }
}
