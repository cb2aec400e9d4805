package org.fountain.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.delivery.MatchPublisher;
import org.fountain.delivery.MatchSummary;
import org.fountain.filters.FilterIndex;
import org.fountain.filters.MatchedFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The hot path: decode each survey message, match every alert against the filter index, publish the matches. Bad
 * input is counted and skipped; nothing thrown here stalls the partition. Offsets are committed after the batch's
 * matches are acknowledged by the broker.
 */
@Component
class AlertListener {

    static final String LISTENER_ID = "ingest";

    private static final Logger log = LoggerFactory.getLogger(AlertListener.class);

    private final AlertDecoder decoder;
    private final FilterIndex index;
    private final MatchPublisher matches;
    private final String stream;
    private final MeterRegistry meters;
    private final Counter alertsIn;
    private final Counter bytesIn;
    private final Counter matchesOut;

    AlertListener(
            AlertDecoder decoder,
            FilterIndex index,
            MatchPublisher matches,
            IngestProperties properties,
            MeterRegistry meters) {
        this.decoder = decoder;
        this.index = index;
        this.matches = matches;
        this.stream = properties.stream();
        this.meters = meters;
        this.alertsIn = Counter.builder("fountain.ingest.alerts")
                .description("Alerts decoded")
                .tag("stream", stream)
                .register(meters);
        this.bytesIn = Counter.builder("fountain.ingest.bytes")
                .description("Bytes of survey messages read")
                .baseUnit("bytes")
                .tag("stream", stream)
                .register(meters);
        this.matchesOut = Counter.builder("fountain.matches")
                .description("Matches published")
                .tag("stream", stream)
                .register(meters);
    }

    @KafkaListener(
            id = LISTENER_ID,
            topicPattern = "${fountain.ingest.topic-pattern:ztf_.*}",
            groupId = "${fountain.ingest.group-id:fountain-match}",
            batch = "true")
    void onMessages(List<ConsumerRecord<byte[], byte[]>> records) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            SourceCoordinates source = new SourceCoordinates(record.topic(), record.partition(), record.offset());
            byte[] payload = record.value();
            bytesIn.increment(payload == null ? 0 : payload.length);
            List<Alert> alerts;
            try {
                alerts = decoder.decode(stream, source, payload);
            } catch (UndecodableAlertException e) {
                skip(source, e.reason(), e.getMessage());
                continue;
            } catch (RuntimeException e) {
                skip(source, "decoder-failure", e.toString());
                continue;
            }
            for (Alert alert : alerts) {
                alertsIn.increment();
                for (MatchedFilter filter : index.matchesFor(alert)) {
                    sends.add(matches.publish(summary(alert, filter)));
                    matchesOut.increment();
                }
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }

    private void skip(SourceCoordinates source, String reason, String message) {
        meters.counter("fountain.ingest.undecodable", "stream", stream, "reason", reason)
                .increment();
        log.warn("Skipped undecodable message at {}: {} ({})", source, reason, message);
    }

    private static MatchSummary summary(Alert alert, MatchedFilter filter) {
        return new MatchSummary(
                filter.id(),
                filter.name(),
                filter.owner(),
                alert.stream(),
                alert.alertId(),
                alert.objectId(),
                alert.mjd(),
                alert.ra(),
                alert.dec(),
                alert.magnitude(),
                alert.band(),
                alert.source().topic(),
                alert.source().partition(),
                alert.source().offset(),
                System.currentTimeMillis());
    }
}
