package org.fountain.admin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Any survey message at a partition and offset, decoded by its stream's decoder: its fields and its schema. */
@Component
public class MessagePeek {

    /** Fields listed at most, and items of a list shown before the rest is counted. */
    static final int MAX_FIELDS = 1000;

    static final int MAX_ITEMS = 3;

    private final TopicReader reader;
    private final AlertDecoder decoder;

    MessagePeek(TopicReader reader, AlertDecoder decoder) {
        this.reader = reader;
        this.decoder = decoder;
    }

    /** A field by its dotted path, its value as text. */
    public record Field(String path, String value) {}

    /**
     * What the peek shows.
     *
     * @param problem why the message does not decode, or null
     * @param alerts the alerts it holds (a container file may hold several), each with its fields
     */
    public record Peeked(
            String topic,
            int partition,
            long offset,
            Instant time,
            int size,
            @Nullable String key,
            Map<String, String> headers,
            @Nullable String stream,
            @Nullable String problem,
            List<PeekedAlert> alerts,
            @Nullable String schema) {}

    public record PeekedAlert(String stream, long alertId, String objectId, List<Field> fields) {}

    /** The message, if the topic holds one there. */
    public Optional<Peeked> peek(String topic, int partition, long offset) {
        return reader.at(topic, partition, offset).map(this::decode);
    }

    private Peeked decode(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new TreeMap<>();
        record.headers().forEach(h -> headers.put(h.key(), h.value() == null ? "" : text(h.value(), 200)));
        String key = record.key() == null ? null : text(record.key(), 200);
        byte[] value = record.value() == null ? new byte[0] : record.value();
        String stream = null;
        String problem = null;
        List<PeekedAlert> alerts = new ArrayList<>();
        String schema = null;
        stream = decoder.streamOf(record.topic());
        AlertDecoder.Decoded decoded = decoder.read(record);
        if (decoded instanceof AlertDecoder.Decoded.Undecodable failed) {
            problem = failed.reason() + ": " + failed.message();
        } else {
            for (Alert alert : ((AlertDecoder.Decoded.Alerts) decoded).alerts()) {
                List<Field> fields = new ArrayList<>();
                flatten("", alert.record(), fields);
                alerts.add(new PeekedAlert(alert.stream(), alert.alertId(), alert.objectId(), fields));
                if (schema == null) {
                    schema = alert.record().getSchema().toString(true);
                }
            }
        }
        return new Peeked(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                value.length,
                key,
                headers,
                stream,
                problem,
                alerts,
                schema);
    }

    /** Every field under a record, by dotted path; bytes and long lists summarised. */
    static void flatten(String prefix, @Nullable Object value, List<Field> out) {
        if (out.size() >= MAX_FIELDS) {
            return;
        }
        if (value instanceof GenericRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                flatten(prefix + field.name(), record.get(field.pos()), out, ".");
            }
        } else {
            out.add(new Field(prefix, shown(value)));
        }
    }

    private static void flatten(String path, @Nullable Object value, List<Field> out, String separator) {
        if (out.size() >= MAX_FIELDS) {
            return;
        }
        if (value instanceof GenericRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                flatten(path + separator + field.name(), record.get(field.pos()), out, separator);
            }
        } else if (value instanceof List<?> list) {
            out.add(new Field(path, list.size() + (list.size() == 1 ? " item" : " items")));
            for (int i = 0; i < Math.min(MAX_ITEMS, list.size()); i++) {
                flatten(path + "[" + i + "]", list.get(i), out, separator);
            }
        } else {
            out.add(new Field(path, shown(value)));
        }
    }

    private static String shown(@Nullable Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof ByteBuffer bytes) {
            return bytes.remaining() + " bytes";
        } else if (value instanceof byte[] bytes) {
            return bytes.length + " bytes";
        } else if (value instanceof GenericFixed fixed) {
            return fixed.bytes().length + " bytes";
        }
        return String.valueOf(value);
    }

    private static String text(byte[] bytes, int max) {
        String text = new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.UTF_8);
        return bytes.length > max ? text + "…" : text;
    }
}
