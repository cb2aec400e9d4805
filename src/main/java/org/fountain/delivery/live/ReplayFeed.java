package org.fountain.delivery.live;

import java.util.List;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.MatchPublisher;
import org.fountain.delivery.MatchSummary;
import org.fountain.filters.Filter;
import org.fountain.filters.ReplaySink;
import org.fountain.filters.RewindMatch;
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
    public void publish(Filter filter, String stream, List<RewindMatch> matches) {
        long now = System.currentTimeMillis();
        kafka.executeInTransaction(operations -> {
            for (RewindMatch m : matches) {
                publisher.publish(AlertMatches.of(new MatchSummary(
                        filter.id(),
                        filter.name(),
                        filter.owner(),
                        stream,
                        m.alertId(),
                        m.objectId(),
                        m.mjd(),
                        m.ra(),
                        m.dec(),
                        m.magnitude(),
                        m.band(),
                        m.topic(),
                        m.partition(),
                        m.offset(),
                        now,
                        true)));
            }
            return null;
        });
    }
}
