package org.fountain.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.ingest.IngestProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The dead-letter topic as the operator reads it: the newest letters with why and where from, filtered by reason and
 * stream, counted by reason per hour; a letter's original bytes; and a retry that sends those bytes through the
 * stream's decoder again (after a configuration fix, say) and tells what happened. A retry never republishes to a
 * survey topic.
 */
@Component
public class DeadLetterBrowser {

    private final TopicReader reader;
    private final AlertDecoder decoder;
    private final AdminProperties properties;
    private final String topic;

    DeadLetterBrowser(TopicReader reader, AlertDecoder decoder, AdminProperties properties, IngestProperties ingest) {
        this.reader = reader;
        this.decoder = decoder;
        this.properties = properties;
        this.topic = ingest.deadLetterTopic();
    }

    public String topic() {
        return topic;
    }

    /**
     * A dead letter.
     *
     * @param size bytes kept (the first MiB of the original)
     * @param originalSize bytes of the message as it arrived
     */
    public record Letter(
            int partition,
            long offset,
            Instant time,
            String stream,
            String reason,
            String error,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            int size,
            long originalSize) {}

    /** The newest letters read, filtered, newest first, and their counts by reason per hour. */
    public record Page(
            List<Letter> letters, int scanned, Map<Instant, Map<String, Long>> perHour, List<String> reasons) {}

    /** Up to {@code limit} of the newest letters with the reason and stream given (null for any). */
    public Page newest(@Nullable String reason, @Nullable String stream, int limit) {
        List<Letter> all = reader.newest(topic, properties.deadLettersScanned(), DeadLetterBrowser::letter).stream()
                .sorted(Comparator.comparing(Letter::time)
                        .reversed()
                        .thenComparing(Letter::offset, Comparator.reverseOrder()))
                .toList();
        Map<Instant, Map<String, Long>> perHour = new TreeMap<>();
        Set<String> reasons = new TreeSet<>();
        for (Letter l : all) {
            reasons.add(l.reason());
            perHour.computeIfAbsent(l.time().truncatedTo(ChronoUnit.HOURS), h -> new TreeMap<>())
                    .merge(l.reason(), 1L, Long::sum);
        }
        List<Letter> shown = all.stream()
                .filter(l -> reason == null || reason.isBlank() || l.reason().equals(reason))
                .filter(l -> stream == null || stream.isBlank() || l.stream().equals(stream))
                .limit(limit)
                .toList();
        return new Page(shown, all.size(), perHour, List.copyOf(reasons));
    }

    /** A letter and its bytes. */
    public Optional<ConsumerRecord<byte[], byte[]>> record(int partition, long offset) {
        return reader.at(topic, partition, offset);
    }

    public Optional<Letter> find(int partition, long offset) {
        return record(partition, offset).map(DeadLetterBrowser::letter);
    }

    /** What sending a letter's bytes through the decoder again gives now. */
    public record Retry(boolean decoded, String outcome, List<Alert> alerts) {}

    public Optional<Retry> retry(int partition, long offset) {
        return record(partition, offset).map(record -> {
            Letter letter = letter(record);
            if (letter.originalSize() > letter.size()) {
                return new Retry(
                        false,
                        "Only the first " + letter.size() + " of its " + letter.originalSize()
                                + " bytes were kept: it cannot be decoded from here",
                        List.of());
            }
            AlertDecoder.Decoded decoded =
                    decoder.read(letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), record.value());
            if (decoded instanceof AlertDecoder.Decoded.Alerts read) {
                List<Alert> alerts = read.alerts();
                String ids = alerts.stream()
                        .limit(5)
                        .map(a -> a.stream() + " " + a.alertId() + " (" + a.objectId() + ")")
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("");
                return new Retry(
                        true,
                        "Decodes now: " + alerts.size() + (alerts.size() == 1 ? " alert: " : " alerts: ") + ids,
                        alerts);
            }
            AlertDecoder.Decoded.Undecodable failed = (AlertDecoder.Decoded.Undecodable) decoded;
            return new Retry(false, "Still fails (" + failed.reason() + "): " + failed.message(), List.of());
        });
    }

    static Letter letter(ConsumerRecord<byte[], byte[]> record) {
        return new Letter(
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                header(record, "fountain.stream", "?"),
                header(record, "fountain.reason", "unknown"),
                header(record, "fountain.error", ""),
                header(record, "fountain.source.topic", "?"),
                (int) number(header(record, "fountain.source.partition", "-1")),
                number(header(record, "fountain.source.offset", "-1")),
                record.value() == null ? 0 : record.value().length,
                number(header(record, "fountain.original.size", "-1")));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name, String otherwise) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null
                ? otherwise
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
