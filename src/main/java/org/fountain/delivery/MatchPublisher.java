package org.fountain.delivery;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes matches to the matches topic, from which every instance pushes them to its own sessions. */
@Component
public class MatchPublisher {

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final JsonMapper json;
    private final String topic;

    MatchPublisher(KafkaTemplate<byte[], byte[]> kafka, JsonMapper json, DeliveryProperties properties) {
        this.kafka = kafka;
        this.json = json;
        this.topic = properties.matchesTopic();
    }

    /** Sends one match; the future completes when the broker has it. */
    public CompletableFuture<SendResult<byte[], byte[]>> publish(MatchSummary match) {
        byte[] key = Long.toString(match.filterId()).getBytes(StandardCharsets.UTF_8);
        return kafka.send(topic, key, json.writeValueAsBytes(match));
    }
}
