package org.fountain.delivery.live;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.MatchSummary;
import org.fountain.matching.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every match from the matches topic (each instance in a consumer group of its own, from the latest offset) and
 * pushes it to the open dashboards on this instance of the filter's owner and, while it is public, its followers; to
 * nobody else.
 */
@Component
class LiveMatchRelay {

    static final String LISTENER_ID = "live-matches";
    static final String USER_DESTINATION = "/queue/matches";

    private static final Logger log = LoggerFactory.getLogger(LiveMatchRelay.class);

    private final SimpMessagingTemplate messaging;
    private final JsonMapper json;
    private final Matcher matcher;

    LiveMatchRelay(SimpMessagingTemplate messaging, JsonMapper json, Matcher matcher) {
        this.messaging = messaging;
        this.json = json;
        this.matcher = matcher;
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "${fountain.delivery.matches-topic:fountain.matches}",
            groupId = "#{'fountain-live-' + T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void relay(ConsumerRecord<byte[], byte[]> record) {
        // a record this relay cannot read or deliver is skipped: retrying it would stop live delivery for everyone
        try {
            AlertMatches matches = json.readValue(record.value(), AlertMatches.class);
            for (MatchSummary match : matches.summaries()) {
                if (match.owner() == null) {
                    continue;
                }
                for (String recipient : matcher.recipientsOf(match.filterId(), match.owner())) {
                    messaging.convertAndSendToUser(recipient, USER_DESTINATION, match);
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Skipping an unreadable match at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
        }
    }
}
