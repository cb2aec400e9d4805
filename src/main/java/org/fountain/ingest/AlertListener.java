package org.fountain.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.context.AlertContexts;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.FilterTopics;
import org.fountain.delivery.MatchPublisher;
import org.fountain.filters.MatchedFilter;
import org.fountain.matching.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * The hot path: decode each survey message, match every alert against the filter index, publish the matches. A
 * message that cannot be decoded becomes a dead letter; nothing thrown here stalls the partition. The batch's
 * matches, dead letters and consumer offsets are committed together in one Kafka transaction.
 */
@Component
class AlertListener {

    static final String LISTENER_ID = "ingest";

    private static final Logger log = LoggerFactory.getLogger(AlertListener.class);

    private final AlertDecoder decoder;
    private final AlertContexts contexts;
    private final Matcher matcher;
    private final MatchPublisher matches;
    private final DeadLetters deadLetters;
    private final IngestMeters meters;
    private final FilterTopics outputs;
    private final long batchBudgetNanos;
    private final IngestProperties properties;

    AlertListener(
            AlertDecoder decoder,
            AlertContexts contexts,
            Matcher matcher,
            MatchPublisher matches,
            DeadLetters deadLetters,
            FilterTopics outputs,
            IngestMeters meters,
            IngestProperties properties) {
        this.batchBudgetNanos = properties.batchTimeBudget().toNanos();
        this.properties = properties;
        this.decoder = decoder;
        this.contexts = contexts;
        this.matcher = matcher;
        this.matches = matches;
        this.deadLetters = deadLetters;
        this.outputs = outputs;
        this.meters = meters;
    }

    // read by the listener's annotation (as __listener), so that its settings' defaults live in the properties alone
    public IngestProperties settings() {
        return properties;
    }

    /**
     * Matches a batch within the time budget: once it is spent, the records done so far are committed with their
     * matches and the rest are fetched again for the next transaction, so no transaction outlives the broker's
     * timeout however slow matching gets (the first record of a batch is always done, so every batch advances).
     */
    @KafkaListener(
            id = LISTENER_ID,
            topicPattern = "#{@alertDecoder.topicPattern()}",
            groupId = "#{__listener.settings().groupId()}",
            concurrency = "#{__listener.settings().concurrency()}",
            containerPostProcessor = "ingestContainerSettings",
            batch = "true")
    void onMessages(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment acknowledgment) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        long deadline = System.nanoTime() + batchBudgetNanos;
        int done = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (done > 0 && System.nanoTime() - deadline > 0) {
                break;
            }
            done++;
            String stream = decoder.streamOf(record.topic());
            IngestMeters.StreamMeters streamMeters = meters.of(stream);
            byte[] payload = record.value() == null ? new byte[0] : record.value();
            streamMeters.bytes().increment(payload.length);
            long start = System.nanoTime();
            AlertDecoder.Decoded decoded = decoder.read(record);
            streamMeters.decode().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (decoded instanceof AlertDecoder.Decoded.Undecodable undecodable) {
                sends.add(deadLetter(record, stream, undecodable.reason(), undecodable.message()));
                continue;
            }
            for (Alert decodedAlert : ((AlertDecoder.Decoded.Alerts) decoded).alerts()) {
                streamMeters.alerts().increment();
                Alert alert = contexts.attach(decodedAlert); // computed only as filters read it
                List<MatchedFilter> matched = matcher.matchesFor(alert);
                if (matched.isEmpty()) {
                    continue;
                }
                AlertMatches match = matchesOf(alert, matched);
                sends.add(matches.publish(match));
                for (MatchedFilter filter : matched) {
                    CompletableFuture<?> forwarded = outputs.forward(match.alert(), filter, payload);
                    if (forwarded != null) {
                        sends.add(forwarded);
                    }
                }
                streamMeters.matches().increment(matched.size());
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        if (done < records.size()) {
            meters.partialBatch();
            acknowledgment.nack(done, Duration.ZERO);
        } else {
            acknowledgment.acknowledge();
        }
    }

    private CompletableFuture<?> deadLetter(
            ConsumerRecord<byte[], byte[]> record, String stream, String reason, String message) {
        meters.undecodable(stream, reason);
        log.warn(
                "Dead letter from {}-{}@{} ({}): {} - {}",
                record.topic(),
                record.partition(),
                record.offset(),
                stream,
                reason,
                message);
        return deadLetters.publish(record, stream, reason, message);
    }

    private static AlertMatches matchesOf(Alert alert, List<MatchedFilter> matched) {
        long[] filters = new long[matched.size()];
        for (int i = 0; i < filters.length; i++) {
            filters[i] = matched.get(i).id();
        }
        return new AlertMatches(alert.summary(), System.currentTimeMillis(), filters, false);
    }
}
