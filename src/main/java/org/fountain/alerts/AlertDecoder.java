package org.fountain.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.alerts.format.AvroLimits;
import org.fountain.alerts.format.ContainerFileReader;
import org.fountain.alerts.format.StreamDecoder;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns Kafka messages into alerts. The stream of a message is the first configured stream whose topic pattern
 * matches its topic. Thread-safe; readers are cached by writer schema.
 */
@Component
public class AlertDecoder {

    static {
        AvroLimits.apply();
    }

    private record Route(Pattern topics, StreamDecoder decoder, StreamDefinition definition) {}

    private final List<Route> routes;
    private final ConcurrentMap<String, StreamDecoder> byTopic = new ConcurrentHashMap<>();
    private final ContainerFileReader containerFiles;
    private final String topicPattern;
    private final Map<String, Schema> defaultSchemas = new HashMap<>();
    private final Map<String, Schema> configuredSchemas = new HashMap<>();

    public AlertDecoder(StreamsProperties properties) {
        this.containerFiles = new ContainerFileReader(properties.maxMessageBytes());
        List<Route> routes = new ArrayList<>();
        for (StreamDefinition stream : properties.streams()) {
            routes.add(new Route(
                    Pattern.compile(stream.topicPattern()),
                    new StreamDecoder(stream, properties.maxMessageBytes(), containerFiles),
                    stream));
            Schema configured =
                    loadFilterSchema(stream, properties.filterSchemas().get(stream.name()));
            if (configured != null) {
                defaultSchemas.put(stream.name(), configured);
                String location = properties.filterSchemas().get(stream.name());
                if (location != null && !location.isBlank()) {
                    configuredSchemas.put(stream.name(), configured);
                }
            }
        }
        this.routes = List.copyOf(routes);
        this.topicPattern = properties.streams().stream()
                .map(s -> "(?:" + s.topicPattern() + ")")
                .collect(Collectors.joining("|"));
    }

    /** One regular expression matching the topics of every stream, for the listener's subscription. */
    public String topicPattern() {
        return topicPattern;
    }

    /** The stream a topic belongs to, or {@code unknown}. */
    public String streamOf(String topic) {
        StreamDecoder decoder = decoderFor(topic);
        return decoder == null ? "unknown" : decoder.stream();
    }

    /**
     * Decodes a message into its alerts (several for a container file holding several records).
     *
     * @throws UndecodableAlertException with a reason code when the bytes are not readable alerts
     */
    public List<Alert> decode(SourceCoordinates source, byte[] payload) throws UndecodableAlertException {
        StreamDecoder decoder = decoderFor(source.topic());
        if (decoder == null) {
            throw UndecodableAlertException.because(
                    UndecodableReason.UNKNOWN_STREAM, "no stream is configured for " + source.topic());
        }
        return decoder.decode(source, payload);
    }

    /** What a message holds: its alerts, or why it cannot be read (a dead letter's reason code and message). */
    public sealed interface Decoded {

        /** The alerts of a message (several for a container file of several records). */
        record Alerts(List<Alert> alerts) implements Decoded {}

        /** A message that is not readable alerts: {@code reason} is an {@link UndecodableReason} code. */
        record Undecodable(String reason, String message) implements Decoded {}
    }

    /**
     * Decodes the message at a topic, partition and offset, whatever it does to the decoder: the one way ingest,
     * rewinds, the archive and the operator pages read survey messages. Nothing is thrown: a schema nested deeper
     * than the stack, an allocation past every bound or a decoder bug is an undecodable message too
     * ({@code decoder-failure}).
     */
    public Decoded read(String topic, int partition, long offset, byte @Nullable [] payload) {
        try {
            return new Decoded.Alerts(
                    decode(new SourceCoordinates(topic, partition, offset), payload == null ? new byte[0] : payload));
        } catch (UndecodableAlertException e) {
            return new Decoded.Undecodable(e.reason(), String.valueOf(e.getMessage()));
        } catch (Throwable e) { // whatever one message does to the decoder, it is set aside and the reader goes on
            return new Decoded.Undecodable(UndecodableReason.DECODER_FAILURE.code(), e.toString());
        }
    }

    /** {@link #read(String, int, long, byte[])} of a record read from a survey topic. */
    public Decoded read(ConsumerRecord<byte[], byte[]> record) {
        return read(record.topic(), record.partition(), record.offset(), record.value());
    }

    /** The schema configured for a stream's filters ({@code fountain.alerts.filter-schemas.<stream>}), if any. */
    public Optional<Schema> configuredTypingSchema(String stream) {
        return Optional.ofNullable(configuredSchemas.get(stream));
    }

    /**
     * The schema a stream's filters are checked against until one is learnt from its first alert: the configured one,
     * or the built-in one of the stream's profile.
     */
    public Optional<Schema> defaultTypingSchema(String stream) {
        return Optional.ofNullable(defaultSchemas.get(stream));
    }

    /** The writer schema of the latest alert this instance decoded on the stream, if any. */
    public Optional<Schema> latestWriterSchema(String stream) {
        for (Route route : routes) {
            if (route.decoder().stream().equals(stream)) {
                return Optional.ofNullable(route.decoder().latestSchema());
            }
        }
        return Optional.empty();
    }

    /** The configured stream names, in order. */
    public List<StreamDefinition> streams() {
        return routes.stream().map(Route::definition).toList();
    }

    private static @Nullable Schema loadFilterSchema(StreamDefinition stream, @Nullable String location) {
        String where = location != null && !location.isBlank()
                ? location
                : switch (stream.profile()) {
                    case ZTF -> BuiltInSchemas.ZTF_MOCK;
                    case LSST -> BuiltInSchemas.LSST_MOCK;
                    case ELASTICC, CUSTOM -> null;
                };
        if (where == null) {
            return null;
        }
        try (InputStream in = where.startsWith("classpath:")
                ? AlertDecoder.class.getClassLoader().getResourceAsStream(where.substring("classpath:".length()))
                : Files.newInputStream(Path.of(where))) {
            if (in == null) {
                throw new IllegalStateException("no filter schema at " + where);
            }
            return new Schema.Parser().setValidateDefaults(false).parse(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot read filter schema " + where + ": " + e, e);
        }
    }

    /** How many distinct container-file writer schemas have been parsed so far. */
    public int cachedSchemas() {
        return containerFiles.cachedSchemas();
    }

    private @Nullable StreamDecoder decoderFor(String topic) {
        StreamDecoder known = byTopic.get(topic);
        if (known != null) {
            return known;
        }
        for (Route route : routes) {
            if (route.topics().matcher(topic).matches()) {
                byTopic.putIfAbsent(topic, route.decoder());
                return route.decoder();
            }
        }
        return null;
    }
}
