package org.fountain.archive;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Keeps the archive within its bounds: creates today's and tomorrow's partitions ahead, drops the days older than
 * {@code retention}, then the oldest days while the archive is larger than {@code max-size} (never today's). Runs at
 * start and every {@code check-every}, on a thread of its own.
 */
@Component
class ArchiveRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ArchiveRetention.class);

    private final ArchiveStore store;
    private final ArchiveProperties properties;
    private final Clock clock;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private volatile boolean running;

    @Autowired
    ArchiveRetention(ArchiveStore store, ArchiveProperties properties) {
        this(store, properties, Clock.systemUTC());
    }

    ArchiveRetention(ArchiveStore store, ArchiveProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        scheduler.setThreadNamePrefix("archive-retention-");
        scheduler.setDaemon(true);
    }

    /** Applies retention once; returns the days dropped. */
    List<LocalDate> apply() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        store.ensurePartitions(List.of(today, today.plusDays(1)));
        LocalDate oldestKept =
                today.minusDays(Math.max(0, properties.retention().toDays() - 1));
        List<ArchiveStore.Day> days = store.days();
        List<LocalDate> dropped = new ArrayList<>();
        long total = days.stream().mapToLong(ArchiveStore.Day::bytes).sum();
        for (ArchiveStore.Day day : days) {
            boolean tooOld = day.day().isBefore(oldestKept);
            boolean tooBig = total > properties.maxSize().toBytes() && day.day().isBefore(today);
            if (tooOld || tooBig) {
                store.drop(day.day());
                dropped.add(day.day());
                total -= day.bytes();
                log.info(
                        "Archive: dropped the matches of {} ({} MB){}",
                        day.day(),
                        day.bytes() >> 20,
                        tooOld ? ", older than " + properties.retention().toDays() + " days" : ", over the size cap");
            }
        }
        return dropped;
    }

    private void applySafely() {
        try {
            apply();
        } catch (RuntimeException e) {
            log.warn(
                    "Archive retention could not run now (tried again in {}): {}",
                    properties.checkEvery(),
                    e.toString());
        }
    }

    @Override
    public void start() {
        scheduler.initialize();
        scheduler.scheduleWithFixedDelay(this::applySafely, properties.checkEvery());
        running = true;
    }

    @Override
    public void stop() {
        scheduler.shutdown();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
