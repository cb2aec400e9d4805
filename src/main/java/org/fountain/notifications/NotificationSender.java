package org.fountain.notifications;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Sends what waits in the outbox: to a webhook up to {@code max-per-request} matches in one POST, as soon as they
 * wait; to an e-mail address one digest per {@code digest-minutes}. Every second each instance claims due targets (a
 * row lock skipping those another instance holds, and a lease written before anything is sent), so one instance sends
 * to each, and sends to up to {@code senders} targets at once, so one slow endpoint delays no one else. An attempt
 * stays recorded until it ends: one that never ended (the instance sending it stopped) counts as a failure when the
 * lease runs out. Nothing is sent for a disabled account (what waits is kept, within {@code max-queued}, for when it
 * is enabled again). A webhook request is signed ({@code X-Fountain-Signature: sha256=<HMAC-SHA256 of
 * "<timestamp>.<body>" with the webhook's secret>}, the timestamp in {@code X-Fountain-Timestamp}) and bounded
 * ({@link WebhookClient}). A failure waits a second, then twice as long each time up to {@code max-back-off}; after
 * {@code pause-after-failures} in a row the target is paused with the last failure as the reason, and what waits for
 * it is kept for when its owner resumes it.
 */
@Component
class NotificationSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    static final String UNFINISHED = "an attempt did not finish (the instance sending it stopped)";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final NotificationsProperties properties;
    private final ObjectProvider<JavaMailSender> mail;
    private final MeterRegistry meters;
    /** Made on each start, closed on stop (the context may be stopped and started again). */
    private volatile @Nullable WebhookClient webhooks;

    private final Semaphore free;
    private @Nullable ScheduledExecutorService schedule;
    private @Nullable ExecutorService senders;

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
        this.free = new Semaphore(properties.senders());
    }

    record Due(
            long id, String kind, String target, @Nullable String secret, boolean slack, long filterId, int failures) {}

    /** Claims as many due targets as there are free senders, and hands each to one. */
    void sendDue() {
        ExecutorService pool = senders;
        int room = free.availablePermits();
        if (pool == null || room == 0) {
            return;
        }
        for (Due target : claim(room)) {
            free.acquireUninterruptibly();
            try {
                pool.execute(() -> {
                    try {
                        attempt(target);
                    } catch (RuntimeException e) {
                        log.warn("Notification {}: {}", target.id(), e.toString());
                    } finally {
                        free.release();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                free.release(); // stopping: the lease runs out and another instance (or the next start) sends it
            }
        }
    }

    /**
     * Claims up to {@code limit} targets that have something waiting and are due, for this instance alone: each is
     * locked while claimed (others skip it), its lease written ({@code next_attempt_at} moved past the longest attempt)
     * and the attempt recorded ({@code attempting_since}) before anything is sent. A target whose previous attempt was
     * still recorded never finished it: that counts as a failure.
     */
    List<Due> claim(int limit) {
        double lease = 2.0 * properties.timeout().toMillis() / 1000 + 30;
        return jdbc.sql("with due as (select t.id from notification_targets t where t.paused_reason is null and"
                        + " t.confirmed and t.next_attempt_at <= now() and (t.kind = 'WEBHOOK' or t.last_sent_at is"
                        + " null or t.last_sent_at + make_interval(mins => t.digest_minutes) <= now()) and exists"
                        + " (select 1 from notification_outbox o where o.target_id = t.id) and exists (select 1 from"
                        + " users u where u.username = t.owner and u.enabled) order by t.next_attempt_at"
                        + " limit :limit for update of t skip locked) update notification_targets t set"
                        + " next_attempt_at = now() + make_interval(secs => :lease), failures_in_a_row ="
                        + " t.failures_in_a_row + (case when t.attempting_since is null then 0 else 1 end),"
                        + " attempting_since = now() from due where t.id = due.id returning t.id, t.kind, t.target,"
                        + " t.secret, t.slack, t.filter_id, t.failures_in_a_row")
                .param("limit", limit)
                .param("lease", lease)
                .query((rs, row) -> new Due(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        rs.getString("target"),
                        rs.getString("secret"),
                        rs.getBoolean("slack"),
                        rs.getLong("filter_id"),
                        rs.getInt("failures_in_a_row")))
                .list();
    }

    private void attempt(Due target) {
        if (target.failures() >= properties.pauseAfterFailures()) {
            // the attempts before this one never finished, as many times as a failure pauses a target
            jdbc.sql("update notification_targets set attempting_since = null, paused_reason = :reason where id = :id")
                    .param(
                            "reason",
                            "Paused after " + target.failures() + " failures in a row; the last: " + UNFINISHED)
                    .param("id", target.id())
                    .update();
            return;
        }
        send(target);
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
            jdbc.sql("update notification_targets set attempting_since = null, next_attempt_at = now() where id = :id")
                    .param("id", target.id())
                    .update();
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
                            + " now(), attempting_since = null, sent = sent + :n where id = :id")
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
                        + " attempting_since = null, paused_reason = :reason where id = :id")
                .param("wait", (double) waitSeconds)
                .param("reason", pause ? "Paused after " + failures + " failures in a row; the last: " + reason : null)
                .param("id", id)
                .update();
        log.info("Notification {} failed ({} in a row{}): {}", id, failures, pause ? ", paused" : "", reason);
    }

    /** Posts the matches; null when the webhook took them (2xx), else why not. */
    private @Nullable String webhook(Due target, List<MatchSummary> matches) {
        String body = target.slack() ? slackBody(matches) : jsonBody(target.filterId(), matches);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        WebhookClient client = webhooks;
        if (client == null) {
            return "this instance is stopping";
        }
        return client.post(
                URI.create(target.target()),
                body,
                Map.of(
                        "User-Agent",
                        "Fountain-Webhook",
                        "X-Fountain-Timestamp",
                        timestamp,
                        "X-Fountain-Signature",
                        "sha256=" + sign(target.secret(), timestamp + "." + body)));
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
        String filter = NotificationTargets.plain(matches.get(0).filterName());
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
        try {
            sender.send(message);
        } catch (org.springframework.mail.MailException e) {
            // the mail server's own words stay in the log: they may name its hosts and settings
            log.info("A digest for notification {} was refused: {}", target.id(), e.toString());
            return "the mail server did not take the digest (" + e.getClass().getSimpleName() + ")";
        }
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
        webhooks = new WebhookClient(properties.timeout(), properties.allowPrivateTargets(), properties.senders());
        AtomicInteger threads = new AtomicInteger();
        senders = Executors.newFixedThreadPool(properties.senders(), r -> {
            Thread thread = new Thread(r, "notifications-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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
        if (senders != null) {
            senders.shutdownNow();
            senders = null;
        }
        WebhookClient client = webhooks;
        webhooks = null;
        if (client != null) {
            try {
                client.close();
            } catch (java.io.IOException e) {
                log.debug("Closing the webhook client: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
