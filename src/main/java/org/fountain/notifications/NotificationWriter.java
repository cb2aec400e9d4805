package org.fountain.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.DeliveryProperties;
import org.fountain.delivery.MatchSummary;
import org.fountain.delivery.MatchesReader;
import org.fountain.filters.FilterAudiences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills the outbox: its own consumer group on the matches topic (committed records only), a poll at a time in one
 * PostgreSQL transaction, offsets committed after. Each new match of a filter with notifications becomes a row per
 * target (the same alert and filter read again is the same row); replays are not news and are left out; while no
 * filter has a notification, records are not even read. A target
 * already holding {@code max-queued} matches drops the rest and counts them. An unreadable record is skipped and
 * counted; PostgreSQL away holds the batch back with a back-off, never skipping it.
 */
@Component
class NotificationWriter {

    static final String LISTENER_ID = "notifications";

    private static final Logger log = LoggerFactory.getLogger(NotificationWriter.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final FilterAudiences audiences;
    private final NotificationsProperties properties;
    private final DeliveryProperties delivery;
    private final TransactionTemplate transactions;
    private final Counter queued;
    private final Counter dropped;
    private final MatchesReader.Reader reader;

    NotificationWriter(
            JdbcClient jdbc,
            JsonMapper json,
            MatchesReader reader,
            FilterAudiences audiences,
            NotificationsProperties properties,
            DeliveryProperties delivery,
            PlatformTransactionManager transactionManager,
            MeterRegistry meters) {
        this.delivery = delivery;
        this.jdbc = jdbc;
        this.json = json;
        this.audiences = audiences;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.queued = meters.counter("fountain.notifications.queued");
        this.dropped = meters.counter("fountain.notifications.dropped");
        this.reader = reader.reader("notification writer", "fountain.notifications.unreadable");
    }

    // read by the listener's annotation (as __listener), so that its settings' defaults live in the properties alone
    public NotificationsProperties settings() {
        return properties;
    }

    public DeliveryProperties delivery() {
        return delivery;
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "#{__listener.delivery().matchesTopic()}",
            groupId = "#{__listener.settings().groupId()}",
            containerFactory = "notificationsContainerFactory",
            autoStartup = "#{__listener.settings().enabled()}",
            batch = "true")
    void write(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<Long> notified = filtersWithTargets();
        if (notified.isEmpty()) {
            return; // nobody has a notification: the records need not even be read
        }
        List<MatchSummary> matches = new ArrayList<>();
        for (AlertMatches read : reader.read(records)) {
            if (read.replay()) {
                continue;
            }
            for (long filterId : read.filters()) {
                if (notified.contains(filterId)) {
                    FilterAudiences.Audience audience = audiences.of(filterId);
                    if (audience != null) {
                        matches.add(read.summary(filterId, audience.name(), audience.owner()));
                    }
                }
            }
        }
        if (matches.isEmpty()) {
            return; // the usual case: none of these filters has a notification, and PostgreSQL is not asked
        }
        List<Long> filterIds =
                matches.stream().map(MatchSummary::filterId).distinct().toList();
        Map<Long, List<long[]>> targets = new HashMap<>(); // filter -> [target id, room]
        jdbc.sql("select t.id, t.filter_id, (select count(*) from notification_outbox o where o.target_id = t.id) as"
                        + " queued from notification_targets t where t.filter_id = any(:filters) and t.confirmed")
                .param("filters", filterIds.toArray(Long[]::new))
                .query(rs -> {
                    targets.computeIfAbsent(rs.getLong("filter_id"), f -> new ArrayList<>())
                            .add(new long[] {rs.getLong("id"), properties.maxQueued() - rs.getLong("queued")});
                });
        if (targets.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            for (MatchSummary match : matches) {
                for (long[] target : targets.getOrDefault(match.filterId(), List.of())) {
                    if (target[1] <= 0) {
                        jdbc.sql("update notification_targets set dropped = dropped + 1 where id = :id")
                                .param("id", target[0])
                                .update();
                        dropped.increment();
                        continue;
                    }
                    int added = jdbc.sql("insert into notification_outbox (target_id, alert_key, match, matched_at)"
                                    + " values (:target, :key, :match, :at) on conflict do nothing")
                            .param("target", target[0])
                            .param(
                                    "key",
                                    match.alert().stream() + ":" + match.alert().alertId() + ":" + match.filterId())
                            .param("match", json.writeValueAsString(match))
                            .param("at", Timestamp.from(Instant.ofEpochMilli(match.matchedAt())))
                            .update();
                    target[1] -= added;
                    queued.increment(added);
                }
            }
        });
    }

    /** Filters with a confirmed target, read again at most every {@link #REFRESH_MILLIS}. */
    private volatile Set<Long> notifiedFilters = Set.of();

    private volatile long notifiedAt;
    static final long REFRESH_MILLIS = 2_000;

    /** Reads the filters with targets again at the next batch (a target was added or confirmed here). */
    void forget() {
        notifiedAt = 0;
    }

    private Set<Long> filtersWithTargets() {
        long now = System.currentTimeMillis();
        if (now - notifiedAt > REFRESH_MILLIS) {
            notifiedFilters = Set.copyOf(jdbc.sql("select distinct filter_id from notification_targets where confirmed")
                    .query(Long.class)
                    .list());
            notifiedAt = now;
        }
        return notifiedFilters;
    }

    /**
     * The writer's consumers: batches (the broker gathering up to a second of matches into each), offsets after
     * each, and a back-off while PostgreSQL is away.
     */
    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> notificationsContainerFactory(
                ConsumerFactory<byte[], byte[]> consumers, MatchesReader reader) {
            return reader.batchContainers(
                    consumers,
                    Duration.ofSeconds(1),
                    MatchesReader.onFailure((e, attempt) -> log.warn(
                            "The outbox could not take a batch of matches (attempt {}; tried again): {}",
                            attempt,
                            String.valueOf(e))));
        }
    }
}
