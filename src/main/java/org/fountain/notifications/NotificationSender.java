package org.fountain.notifications;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fountain.delivery.MatchSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends what waits in the outbox, every second, one target at a time: to a webhook up to {@code max-per-request}
 * matches in one POST, as soon as they wait; to an e-mail address one digest per {@code digest-minutes}. A request is
 * signed ({@code X-Fountain-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret>}, the
 * timestamp in {@code X-Fountain-Timestamp}), sent without following redirects, and refused before it leaves when the
 * webhook's host resolves to a loopback, private or link-local address (unless allowed). A failure waits a second, then
 * twice as long each time up to {@code max-back-off}; after {@code pause-after-failures} in a row the target is paused
 * with the last failure as the reason, and what waits for it is kept for when its owner resumes it.
 */
@Component
class NotificationSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    /** A response body read back to say why a request failed, at most. */
    private static final int MAX_REASON = 300;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final NotificationsProperties properties;
    private final ObjectProvider<JavaMailSender> mail;
    private final MeterRegistry meters;
    private final HttpClient http;
    private @Nullable ScheduledExecutorService schedule;

    NotificationSender(
            JdbcClient jdbc,
            JsonMapper json,
            NotificationsProperties properties,
            ObjectProvider<JavaMailSender> mail,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.mail = mail;
        this.meters = meters;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private record Due(
            long id, String kind, String target, @Nullable String secret, boolean slack, long filterId) {}

    /** Sends to every target that has something waiting and is due. */
    void sendDue() {
        List<Due> due = jdbc.sql("select t.id, t.kind, t.target, t.secret, t.slack, t.filter_id from"
                        + " notification_targets t where t.paused_reason is null and t.confirmed and t.next_attempt_at"
                        + " <= now() and (t.kind = 'WEBHOOK' or t.last_sent_at is null or t.last_sent_at +"
                        + " make_interval(mins => t.digest_minutes) <= now()) and exists (select 1 from"
                        + " notification_outbox o where o.target_id = t.id) order by t.next_attempt_at limit 100")
                .query((rs, row) -> new Due(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        rs.getString("target"),
                        rs.getString("secret"),
                        rs.getBoolean("slack"),
                        rs.getLong("filter_id")))
                .list();
        for (Due target : due) {
            send(target);
        }
    }

    private void send(Due target) {
        int limit =
                "EMAIL".equals(target.kind()) ? Math.max(200, properties.maxPerRequest()) : properties.maxPerRequest();
        List<Long> ids = new ArrayList<>();
        List<MatchSummary> matches = new ArrayList<>();
        jdbc.sql("select id, match from notification_outbox where target_id = :target order by matched_at, id limit"
                        + " :limit")
                .param("target", target.id())
                .param("limit", limit)
                .query(rs -> {
                    ids.add(rs.getLong("id"));
                    matches.add(json.readValue(rs.getString("match"), MatchSummary.class));
                });
        if (matches.isEmpty()) {
            return;
        }
        long waiting = jdbc.sql("select count(*) from notification_outbox where target_id = :target")
                .param("target", target.id())
                .query(Long.class)
                .single();
        String failure;
        try {
            failure = "EMAIL".equals(target.kind()) ? email(target, matches, waiting) : webhook(target, matches);
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        String outcome = failure == null ? "sent" : "failed";
        meters.counter(
                        "fountain.notifications.requests",
                        "kind",
                        target.kind().toLowerCase(java.util.Locale.ROOT),
                        "outcome",
                        outcome)
                .increment();
        if (failure == null) {
            jdbc.sql("delete from notification_outbox where id = any(:ids)")
                    .param("ids", ids.toArray(Long[]::new))
                    .update();
            jdbc.sql("update notification_targets set failures_in_a_row = 0, last_sent_at = now(), next_attempt_at ="
                            + " now(), sent = sent + :n where id = :id")
                    .param("n", ids.size())
                    .param("id", target.id())
                    .update();
        } else {
            failed(target.id(), failure);
        }
    }

    private void failed(long id, String failure) {
        String reason = failure.length() > 900 ? failure.substring(0, 900) + "…" : failure;
        int failures = jdbc.sql("update notification_targets set failures_in_a_row = failures_in_a_row + 1 where id ="
                        + " :id returning failures_in_a_row")
                .param("id", id)
                .query(Integer.class)
                .single();
        long waitSeconds = Math.min(properties.maxBackOff().toSeconds(), 1L << Math.min(20, failures - 1));
        boolean pause = failures >= properties.pauseAfterFailures();
        jdbc.sql("update notification_targets set next_attempt_at = now() + make_interval(secs => :wait),"
                        + " paused_reason = :reason where id = :id")
                .param("wait", (double) waitSeconds)
                .param("reason", pause ? "Paused after " + failures + " failures in a row; the last: " + reason : null)
                .param("id", id)
                .update();
        log.info("Notification {} failed ({} in a row{}): {}", id, failures, pause ? ", paused" : "", reason);
    }

    /** Posts the matches; null when the webhook took them (2xx), else why not. */
    private @Nullable String webhook(Due target, List<MatchSummary> matches) throws Exception {
        URI uri = URI.create(target.target());
        if (!properties.allowPrivateTargets()) {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isPrivate(address)) {
                    return "its host " + uri.getHost() + " is a private, loopback or link-local address ("
                            + address.getHostAddress() + "), which webhooks may not reach";
                }
            }
        }
        String body = target.slack() ? slackBody(matches) : jsonBody(target.filterId(), matches);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Fountain-Webhook")
                .header("X-Fountain-Timestamp", timestamp)
                .header("X-Fountain-Signature", "sha256=" + sign(target.secret(), timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
            return null;
        }
        String said = response.body() == null ? "" : response.body().strip();
        return "HTTP " + response.statusCode()
                + (said.isEmpty() ? "" : ": " + said.substring(0, Math.min(MAX_REASON, said.length())));
    }

    static boolean isPrivate(InetAddress address) {
        return address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()
                || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc); // fc00::/7
    }

    /** {@code {"filter": {"id": 3, "name": "…"}, "matches": [{…}, …]}}: matches as the API shows them. */
    private String jsonBody(long filterId, List<MatchSummary> matches) {
        ObjectNode body = json.createObjectNode();
        body.putObject("filter").put("id", filterId).put("name", matches.get(0).filterName());
        body.set("matches", json.valueToTree(matches));
        return json.writeValueAsString(body);
    }

    /** {@code {"text": "…"}}, one line per match with a link to its alert page, as Slack's incoming webhooks take. */
    private String slackBody(List<MatchSummary> matches) {
        StringBuilder text = new StringBuilder("*" + matches.get(0).filterName() + "*: " + matches.size()
                + (matches.size() == 1 ? " new match" : " new matches"));
        for (MatchSummary m : matches) {
            text.append("\n• <")
                    .append(alertLink(m))
                    .append('|')
                    .append(m.alert().objectId())
                    .append("> ")
                    .append(m.alert().band() == null ? "" : m.alert().band() + " ")
                    .append(
                            m.alert().magnitude() == null
                                    ? ""
                                    : String.format(
                                            java.util.Locale.ROOT,
                                            "%.2f mag",
                                            m.alert().magnitude()));
        }
        ObjectNode body = json.createObjectNode();
        body.put("text", text.toString());
        return json.writeValueAsString(body);
    }

    private String alertLink(MatchSummary m) {
        return properties.baseUrl() + "/alerts/" + m.alert().stream() + "/"
                + m.alert().alertId();
    }

    /** Sends one digest; null when the mail server took it, else why not. */
    private @Nullable String email(Due target, List<MatchSummary> matches, long waiting) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return "e-mail is not set up on this portal (spring.mail.host)";
        }
        String filter = matches.get(0).filterName();
        StringBuilder text = new StringBuilder(
                waiting + (waiting == 1 ? " match" : " matches") + " of your filter \"" + filter + "\" since the last"
                        + " digest" + (waiting > matches.size() ? " (the first " + matches.size() + " below)" : "")
                        + ":\n\n");
        for (MatchSummary m : matches) {
            text.append(String.format(
                    java.util.Locale.ROOT,
                    "%s  %-14s %s %s  %s%n",
                    java.time.Instant.ofEpochMilli(m.matchedAt())
                            .toString()
                            .substring(0, 19)
                            .replace('T', ' '),
                    m.alert().objectId(),
                    m.alert().band() == null ? "-" : m.alert().band(),
                    m.alert().magnitude() == null
                            ? ""
                            : String.format(
                                    java.util.Locale.ROOT, "%.2f", m.alert().magnitude()),
                    alertLink(m)));
        }
        text.append("\nYour matches: ")
                .append(properties.baseUrl())
                .append("/dashboard\n")
                .append("Stop these digests on the filter's notifications page: ")
                .append(properties.baseUrl())
                .append("/filters/")
                .append(target.filterId())
                .append("/notifications\n");
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(target.target());
        message.setSubject("Fountain: " + waiting + (waiting == 1 ? " match" : " matches") + " of \"" + filter + "\"");
        message.setText(text.toString());
        sender.send(message);
        return null;
    }

    static String sign(@Nullable String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "notifications");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(
                () -> {
                    try {
                        sendDue();
                    } catch (RuntimeException e) {
                        log.warn("Notifications: {}", e.toString());
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
            schedule = null;
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
