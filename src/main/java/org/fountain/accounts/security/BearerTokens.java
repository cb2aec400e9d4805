package org.fountain.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fountain.accounts.ApiProperties;
import org.fountain.accounts.ApiToken;
import org.fountain.accounts.ApiTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on {@code /api}: a usable personal token signs the request in as its owner
 * (for this request only: no session), with the token's scope; a read token may only read. Each token may make
 * {@code requests-per-minute} requests in a minute; beyond, 429 with {@code Retry-After}. Anything else carrying a
 * bearer header is answered 401 and goes no further.
 */
final class BearerTokens extends OncePerRequestFilter {

    private static final List<String> READING = List.of("GET", "HEAD", "OPTIONS");

    private final ApiTokens tokens;
    private final ApiProperties properties;
    private final Map<Long, long[]> minutes = new ConcurrentHashMap<>();

    BearerTokens(ApiTokens tokens, ApiProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    static boolean carriesBearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !carriesBearer(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!request.getRequestURI()
                .substring(request.getContextPath().length())
                .startsWith("/api/")) {
            refuse(response, 401, "invalid_request", "Tokens are for /api only");
            return;
        }
        String secret =
                request.getHeader(HttpHeaders.AUTHORIZATION).substring(7).trim();
        ApiTokens.Bearer bearer = tokens.authenticate(secret).orElse(null);
        if (bearer == null) {
            refuse(response, 401, "invalid_token", "Unknown, expired or revoked token");
            return;
        }
        long wait = waitSeconds(bearer.tokenId());
        if (wait > 0) {
            response.setStatus(429);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter()
                    .write("This token made " + properties.requestsPerMinute() + " requests this minute: try again in "
                            + wait + " s.\n");
            return;
        }
        if (bearer.scope() == ApiToken.Scope.READ && !READING.contains(request.getMethod())) {
            refuse(response, 403, "insufficient_scope", "This token may only read");
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(
                bearer.username(),
                null,
                List.of(
                        new SimpleGrantedAuthority("ROLE_" + bearer.role().name()),
                        new SimpleGrantedAuthority(
                                "SCOPE_" + bearer.scope().name().toLowerCase(java.util.Locale.ROOT))));
        request.setAttribute(org.fountain.accounts.Credentials.TOKEN_ATTRIBUTE, bearer.tokenId());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** Seconds until the token may make another request this minute; 0 when it may now (and it is counted). */
    private long waitSeconds(long tokenId) {
        long now = System.currentTimeMillis();
        long minute = now / 60_000;
        long[] window = minutes.compute(tokenId, (id, w) -> w == null || w[0] != minute ? new long[] {minute, 0} : w);
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

    private static void refuse(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        response.setStatus(status);
        response.setHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"" + error + "\", error_description=\"" + description + "\"");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(description + ".\n");
    }
}
