package org.fountain.delivery.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fountain.delivery.LiveRelay;
import org.fountain.delivery.LiveRelays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes this instance's live relay report every {@link LiveRelays#REPORT_EVERY}, from its own meters (on a thread of
 * its own: never on the STOMP heart-beat scheduler), and about hourly drops reports silent for a day.
 */
@Component
class RelayReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayReporter.class);

    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final LiveProperties properties;
    private final String groupId;
    private final Clock clock;
    private final Instant startedAt;
    private final String host;
    private @Nullable ScheduledExecutorService reporter;
    /** Reports between two prunings of the reports silent for a day (about an hour of them). */
    private static final int PRUNE_EVERY = 720;

    private long reports;
    private long delayCount;
    private double delayTotal;

    RelayReporter(JdbcClient jdbc, MeterRegistry meters, LiveProperties properties, String liveRelayGroupId) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.properties = properties;
        this.groupId = liveRelayGroupId;
        this.clock = Clock.systemUTC();
        this.startedAt = clock.instant();
        this.host = hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** This relay's report now, from its meters; the mean delay is over the time since the previous report. */
    LiveRelay current() {
        Timer delay = meters.find("fountain.live.relay.delay").timer();
        long count = delay == null ? 0 : delay.count();
        double total = delay == null ? 0 : delay.totalTime(TimeUnit.MILLISECONDS);
        double mean = count > delayCount ? (total - delayTotal) / (count - delayCount) : 0;
        delayCount = count;
        delayTotal = total;
        var sessions = meters.find("fountain.live.sessions").gauge();
        var lag = meters.find("fountain.live.relay.lag").gauge();
        return new LiveRelay(
                groupId,
                host,
                startedAt,
                clock.instant(),
                properties.maxLag(),
                sessions == null ? 0 : (int) sessions.value(),
                lag == null ? 0 : lag.value(),
                mean,
                delay == null ? 0 : delay.max(TimeUnit.MILLISECONDS),
                counted("sent"),
                counted("skipped"),
                counted("missed"));
    }

    private long counted(String outcome) {
        var counter =
                meters.find("fountain.live.matches").tag("outcome", outcome).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    void report() {
        LiveRelay relay = current();
        try {
            jdbc.sql("""
                            insert into live_relays (group_id, host, started_at, reported_at, max_lag_ms, sessions,
                                                     lag_ms, delay_mean_ms, delay_max_ms, listed, skipped, missed)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (group_id) do update set
                                reported_at = excluded.reported_at, sessions = excluded.sessions,
                                lag_ms = excluded.lag_ms, delay_mean_ms = excluded.delay_mean_ms,
                                delay_max_ms = excluded.delay_max_ms, listed = excluded.listed,
                                skipped = excluded.skipped, missed = excluded.missed""")
                    .params(
                            relay.groupId(),
                            relay.host(),
                            Timestamp.from(relay.startedAt()),
                            Timestamp.from(relay.reportedAt()),
                            relay.maxLag().toMillis(),
                            relay.sessions(),
                            Math.round(relay.lagSeconds() * 1000),
                            relay.delayMeanMillis(),
                            relay.delayMaxMillis(),
                            relay.listed(),
                            relay.skipped(),
                            relay.missed())
                    .update();
            if (reports++ % PRUNE_EVERY == 0) { // at start and about hourly: rows change slowly
                jdbc.sql("delete from live_relays where reported_at < ?")
                        .param(Timestamp.from(relay.reportedAt().minus(Duration.ofDays(1))))
                        .update();
            }
        } catch (RuntimeException e) {
            log.debug("Could not write the live relay's report: {}", e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "live-relay-report");
            thread.setDaemon(true);
            return thread;
        });
        long every = LiveRelays.REPORT_EVERY.toMillis();
        scheduler.scheduleWithFixedDelay(this::report, 0, every, TimeUnit.MILLISECONDS);
        reporter = scheduler;
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = reporter;
        if (scheduler != null) {
            scheduler.shutdownNow();
            reporter = null;
        }
    }

    @Override
    public boolean isRunning() {
        return reporter != null;
    }
}
