package org.fountain;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client with cookies, signing in through the real login form (CSRF token and all). */
public final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private static final Pattern META = Pattern.compile("<meta name=\"(_csrf(?:_header)?)\" content=\"([^\"]+)\"");

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    public WebSession(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public WebSession signIn(String username, String password) throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get("/login").body());
        if (!token.find()) {
            throw new IllegalStateException("the login page has no CSRF token");
        }
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + token.group(1);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in as " + username + " failed: " + location);
        }
        return this;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The session's cookies as a {@code Cookie} header, for a WebSocket handshake. */
    String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** The CSRF header name and token a signed-in page hands its scripts (as the dashboard's STOMP connect sends). */
    public java.util.Map<String, String> pageCsrf(String path) throws IOException, InterruptedException {
        Matcher meta = META.matcher(get(path).body());
        java.util.Map<String, String> found = new java.util.HashMap<>();
        while (meta.find()) {
            found.put(meta.group(1), meta.group(2));
        }
        if (!found.containsKey("_csrf") || !found.containsKey("_csrf_header")) {
            throw new IllegalStateException(path + " has no CSRF meta tags");
        }
        return java.util.Map.of(found.get("_csrf_header"), found.get("_csrf"));
    }

    /** A JSON POST as a page's script sends it: the session cookie and the page's CSRF header. */
    public HttpResponse<String> postJson(String path, String json, java.util.Map<String, String> csrf)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        csrf.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request, with this session's cookies (and no CSRF token unless the request carries one). */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET whose answer is read as it comes (a stream of events). */
    public HttpResponse<java.io.InputStream> stream(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Any request, with this session's cookies, its answer as bytes. */
    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A form of the page at {@code page} filled in with {@code fields} and posted to {@code action} with its token. */
    public HttpResponse<String> postForm(String page, String action, java.util.Map<String, String> fields)
            throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get(page).body());
        if (!token.find()) {
            throw new IllegalStateException(page + " has no CSRF token");
        }
        StringBuilder form = new StringBuilder("_csrf=" + token.group(1));
        fields.forEach((name, value) ->
                form.append('&').append(encode(name)).append('=').append(encode(value)));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    /** The registration form filled in and posted with its CSRF token. */
    public HttpResponse<String> register(String username, String password) throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get("/register").body());
        if (!token.find()) {
            throw new IllegalStateException("the registration page has no CSRF token");
        }
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&confirmPassword="
                + encode(password) + "&_csrf=" + token.group(1);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/register"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
