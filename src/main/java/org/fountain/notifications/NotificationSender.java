package org.fountain.notifications;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fountain.delivery.MatchSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends what waits in the outbox, each target through the {@link NotificationChannel} that serves it: to a webhook up
 * to {@code max-per-request} matches in one POST, as soon as they wait; to an e-mail address one digest per
 * {@code digest-minutes}. Every second each instance claims due targets (a
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
    private final List<NotificationChannel> channels;
    private final MeterRegistry meters;

    private final Semaphore free;
    private @Nullable ScheduledExecutorService schedule;
    private @Nullable ExecutorService senders;

    NotificationSender(
            JdbcClient jdbc,
            JsonMapper json,
            NotificationsProperties properties,
            List<NotificationChannel> channels,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.channels = List.copyOf(channels);
        this.meters = meters;
        this.free = new Semaphore(properties.senders());
    }

    /** A target claimed for one attempt. */
    record Due(
            long id,
            NotificationTarget.Kind kind,
            String target,
            @Nullable String secret,
            boolean slack,
            long filterId,
            int failures) {}

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
            } catch (RejectedExecutionException e) {
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
                        + " t.confirmed and t.next_attempt_at <= now() and (t.last_sent_at is null or t.last_sent_at +"
                        + " make_interval(mins => t.digest_minutes) <= now()) and exists"
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
                        NotificationTarget.Kind.valueOf(rs.getString("kind")),
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

    private NotificationChannel channelOf(Due target) {
        for (NotificationChannel channel : channels) {
            if (channel.serves(target)) {
                return channel;
            }
        }
        throw new IllegalStateException("no channel delivers to a " + target.kind() + " target");
    }

    private void send(Due target) {
        NotificationChannel channel = channelOf(target);
        int limit = channel.batchSize();
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
            failure = channel.deliver(target, matches, waiting);
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        String outcome = failure == null ? "sent" : "failed";
        meters.counter("fountain.notifications.requests", "kind", channel.name(), "outcome", outcome)
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

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
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
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
