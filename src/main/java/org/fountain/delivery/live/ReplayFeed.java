package org.fountain.delivery.live;

import java.util.List;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.MatchPublisher;
import org.fountain.filters.Filter;
import org.fountain.filters.ReplaySink;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Puts a replayed filter's matches into the matches topic, one Kafka transaction per batch, so every feed gets them. */
@Component
class ReplayFeed implements ReplaySink {

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final MatchPublisher publisher;

    ReplayFeed(KafkaTemplate<byte[], byte[]> kafka, MatchPublisher publisher) {
        this.kafka = kafka;
        this.publisher = publisher;
    }

    @Override
    public void publish(Filter filter, List<AlertSummary> matches) {
        long now = System.currentTimeMillis();
        kafka.executeInTransaction(operations -> {
            for (AlertSummary m : matches) {
                publisher.publish(AlertMatches.of(filter.id(), m, now, true));
            }
            return null;
        });
    }
}
