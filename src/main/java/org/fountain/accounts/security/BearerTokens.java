package org.fountain.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.fountain.accounts.ApiToken;
import org.fountain.accounts.ApiTokens;
import org.fountain.accounts.Credentials;
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
    private final ApiRates rates;

    BearerTokens(ApiTokens tokens, ApiRates rates) {
        this.tokens = tokens;
        this.rates = rates;
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
        long wait = rates.waitSeconds("token:" + bearer.tokenId());
        if (wait > 0) {
            rates.refuse(response, wait, "This token");
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
                                "SCOPE_" + bearer.scope().name().toLowerCase(Locale.ROOT))));
        request.setAttribute(Credentials.TOKEN_ATTRIBUTE, bearer.tokenId());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
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
