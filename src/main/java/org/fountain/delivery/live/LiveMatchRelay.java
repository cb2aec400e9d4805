package org.fountain.delivery.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.DeliveryProperties;
import org.fountain.delivery.MatchesReader;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads every match from the matches topic (each instance in a consumer group of its own, from the latest offset, one
 * consumer per partition) and hands it to {@link LiveSessions}, which sends it to the dashboards here of the filter's
 * owner and, while it is public, its followers. A match older than {@code max-lag} is not pushed: its recipients are
 * told they skipped it, and the relay catches up with the present instead of replaying a backlog as if it were live.
 */
@Component
class LiveMatchRelay {

    static final String LISTENER_ID = "live-matches";

    private final LiveSessions sessions;
    private final long maxLagMillis;
    private final AtomicLong lagMillis = new AtomicLong();
    private final MatchesReader.Reader reader;
    private final Timer delay;
    private final String matchesTopic;
    private final int concurrency;

    LiveMatchRelay(
            LiveSessions sessions,
            MatchesReader reader,
            LiveProperties properties,
            DeliveryProperties delivery,
            MeterRegistry meters) {
        this.sessions = sessions;
        this.matchesTopic = delivery.matchesTopic();
        this.concurrency = properties.relayConcurrency();
        this.maxLagMillis = properties.maxLag().toMillis();
        Gauge.builder("fountain.live.relay.lag", lagMillis, lag -> lag.get() / 1000.0)
                .baseUnit("seconds")
                .description("Age of the last match the live relay read, from matching to reading")
                .register(meters);
        this.delay = Timer.builder("fountain.live.relay.delay")
                .description("From matching to the live relay reading the match (its transaction committed)")
                .register(meters);
        this.reader = reader.reader("live relay", "fountain.live.relay.unreadable");
    }

    // read by the listener's annotation (as __listener), so that its settings' defaults live in the properties alone
    public String matchesTopic() {
        return matchesTopic;
    }

    public int concurrency() {
        return concurrency;
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "#{__listener.matchesTopic()}",
            groupId = "#{@liveRelayGroupId}",
            containerFactory = "liveRelayContainerFactory",
            concurrency = "#{__listener.concurrency()}",
            properties = "auto.offset.reset=latest")
    void relay(ConsumerRecord<byte[], byte[]> record) {
        AlertMatches matches = reader.read(record);
        if (matches == null) {
            return; // counted and logged: retrying it would stop live delivery for everyone
        }
        long lag = Math.max(0, System.currentTimeMillis() - matches.matchedAt());
        lagMillis.set(lag);
        delay.record(lag, TimeUnit.MILLISECONDS);
        sessions.offer(matches, lag > maxLagMillis);
    }
}
