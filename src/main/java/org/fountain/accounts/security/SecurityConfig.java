package org.fountain.accounts.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.fountain.accounts.ApiProperties;
import org.fountain.accounts.ApiTokens;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every page and endpoint is denied unless listed here. */
@Configuration
class SecurityConfig {

    @Bean
    SecurityFilterChain web(
            HttpSecurity http, Throttle throttle, AccountStates disabled, ApiTokens tokens, ApiProperties api)
            throws Exception {
        ApiRates rates = new ApiRates(api);
        http.authorizeHttpRequests(requests -> requests
                        // the end of a stream (an asynchronous request) and error pages of requests already checked
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(
                                "/",
                                "/login",
                                "/register",
                                "/error",
                                "/css/**",
                                "/js/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/favicon.svg")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .hasAnyRole("USER", "ADMIN")
                        .requestMatchers("/actuator/**", "/admin/**")
                        .hasRole("ADMIN")
                        .requestMatchers(
                                "/dashboard",
                                "/filters/**",
                                "/ws/**",
                                "/account",
                                "/account/**",
                                "/alerts/**",
                                "/objects/**",
                                "/sky",
                                "/notifications/**")
                        .hasAnyRole("USER", "ADMIN")
                        .anyRequest()
                        .denyAll())
                .formLogin(form ->
                        form.loginPage("/login").defaultSuccessUrl("/dashboard").permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                // scripts use the API with a personal token (or, when turned on, HTTP Basic); a request that either
                // authenticates (or refuses with 401: it never falls back to the session) needs no CSRF token. Any
                // other Authorization header does not exempt a request that the session cookie authenticates.
                .addFilterBefore(new BearerTokens(tokens, rates), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.ignoringRequestMatchers(request -> isApi(request)
                        && (BearerTokens.carriesBearer(request)
                                || (api.basicAuth() && carriesBasicCredentials(request)))))
                .addFilterBefore(new ThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(disabled.filter(), AuthorizationFilter.class)
                .addFilterBefore(rates.perUser(), AuthorizationFilter.class)
                // the API answers 401; every page sends an anonymous visitor to the login page
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                                new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self';"
                                + " object-src 'none'")));
        if (api.basicAuth()) {
            http.httpBasic(basic -> basic.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
        } else {
            http.addFilterBefore(new BasicRefused(), BasicAuthenticationFilter.class);
        }
        return http.build();
    }

    /**
     * With HTTP Basic off, a request carrying it is answered 401 saying how to get in, rather than falling back to
     * the session or a login page.
     */
    static final class BasicRefused extends OncePerRequestFilter {

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !carriesBasicCredentials(request);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter()
                    .write("Passwords are not taken here: create a personal API token on your account page and send"
                            + " it as 'Authorization: Bearer <token>'.\n");
        }
    }

    /** Whether the request is for the API ({@code /api/**}), the only place a token or password exempts from CSRF. */
    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI()
                .substring(request.getContextPath().length())
                .startsWith("/api/");
    }

    static boolean carriesBasicCredentials(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** The user name an HTTP Basic header names, or null. */
    static @Nullable String basicUsername(HttpServletRequest request) {
        if (!carriesBasicCredentials(request)) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder()
                            .decode(request.getHeader(HttpHeaders.AUTHORIZATION)
                                    .substring(6)
                                    .trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Answers 429 with {@code Retry-After}, before any password is checked, to a sign-in (form or HTTP Basic) or a
     * registration over its {@link Throttle} limit.
     */
    static final class ThrottleFilter extends OncePerRequestFilter {

        private final Throttle throttle;

        ThrottleFilter(Throttle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String address = request.getRemoteAddr();
            boolean post = "POST".equals(request.getMethod());
            Duration wait = Duration.ZERO;
            if (post && "/login".equals(request.getServletPath())) {
                wait = throttle.signInWait(request.getParameter("username"), address);
            } else if (carriesBasicCredentials(request)) {
                wait = throttle.signInWait(basicUsername(request), address);
            } else if (post && "/register".equals(request.getServletPath())) {
                wait = throttle.registrationWait(address);
            }
            if (wait.isZero()) {
                chain.doFilter(request, response);
                return;
            }
            long seconds = Math.max(1, wait.toSeconds() + 1);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter()
                    .write("Too many attempts for this name or from this address: try again in " + ((seconds + 59) / 60)
                            + " min.\n");
        }
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(UserRows users) {
        return username -> users.find(username).orElseThrow(() -> new UsernameNotFoundException(username));
    }
}
