package org.fountain.filters;

import java.time.Instant;

/**
 * A saved filter subscription: a CEL expression over one stream's alerts, owned by one user.
 *
 * @param pausedReason why Fountain paused it (it kept failing, or matched or cost too much) or switched its Kafka
 *     output off (the topic could not be written), or null; cleared when its owner saves it
 */
public record Filter(
        long id,
        String owner,
        String name,
        String description,
        String expression,
        String stream,
        Visibility visibility,
        boolean active,
        boolean kafkaOutput,
        String pausedReason,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }

    /** The topic its matches go to when Kafka output is on. */
    public String outputTopic() {
        return outputTopic(id);
    }

    public static String outputTopic(long id) {
        return "fountain.filter." + id;
    }
}
