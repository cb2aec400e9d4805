package org.fountain.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.fountain.alerts.format.ContainerFileReader;
import org.fountain.alerts.format.StreamDecoder;
import org.springframework.stereotype.Component;

/**
 * Turns Kafka messages into alerts. The stream of a message is the first configured stream whose topic pattern
 * matches its topic. Thread-safe; readers are cached by writer schema.
 */
@Component
public class AlertDecoder {

    private record Route(Pattern topics, StreamDecoder decoder) {}

    private final List<Route> routes;
    private final ConcurrentMap<String, StreamDecoder> byTopic = new ConcurrentHashMap<>();
    private final ContainerFileReader containerFiles = new ContainerFileReader();
    private final String topicPattern;

    public AlertDecoder(StreamsProperties properties) {
        List<Route> routes = new ArrayList<>();
        for (StreamDefinition stream : properties.streams()) {
            routes.add(new Route(
                    Pattern.compile(stream.topicPattern()),
                    new StreamDecoder(stream, properties.maxMessageBytes(), containerFiles)));
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
            throw UndecodableAlertException.because("unknown-stream", "no stream is configured for " + source.topic());
        }
        return decoder.decode(source, payload);
    }

    /** How many distinct container-file writer schemas have been parsed so far. */
    public int cachedSchemas() {
        return containerFiles.cachedSchemas();
    }

    private StreamDecoder decoderFor(String topic) {
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
