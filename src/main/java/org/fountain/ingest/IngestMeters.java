package org.fountain.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * Ingest metrics, per stream: alerts decoded (a rate in Prometheus: alerts/s), bytes read, decode time, matches
 * published, and undecodable messages by reason. Meters are looked up once per stream, not per message.
 */
@Component
class IngestMeters {

    record StreamMeters(Counter alerts, Counter bytes, Timer decode, Counter matches, Counter deadLetters) {}

    private final MeterRegistry registry;
    private final ConcurrentMap<String, StreamMeters> streams = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> undecodable = new ConcurrentHashMap<>();

    private final Counter partialBatches;

    IngestMeters(MeterRegistry registry) {
        this.registry = registry;
        this.partialBatches = Counter.builder("fountain.ingest.partial.batches")
                .description("Batches that spent their time budget and committed part of their records")
                .register(registry);
    }

    void partialBatch() {
        partialBatches.increment();
    }

    StreamMeters of(String stream) {
        return streams.computeIfAbsent(
                stream,
                s -> new StreamMeters(
                        Counter.builder("fountain.ingest.alerts")
                                .description("Alerts decoded")
                                .tag("stream", s)
                                .register(registry),
                        Counter.builder("fountain.ingest.bytes")
                                .description("Bytes of survey messages read")
                                .baseUnit("bytes")
                                .tag("stream", s)
                                .register(registry),
                        Timer.builder("fountain.ingest.decode")
                                .description("Time to decode one message")
                                .tag("stream", s)
                                .publishPercentiles(0.5, 0.99)
                                .register(registry),
                        Counter.builder("fountain.matches")
                                .description("Matches published")
                                .tag("stream", s)
                                .register(registry),
                        Counter.builder("fountain.ingest.deadletters")
                                .description("Messages sent to the dead-letter topic")
                                .tag("stream", s)
                                .register(registry)));
    }

    void undecodable(String stream, String reason) {
        undecodable
                .computeIfAbsent(
                        stream + "\u0000" + reason,
                        k -> Counter.builder("fountain.ingest.undecodable")
                                .description("Messages that could not be decoded, by reason")
                                .tag("stream", stream)
                                .tag("reason", reason)
                                .register(registry))
                .increment();
        of(stream).deadLetters().increment();
    }
}
