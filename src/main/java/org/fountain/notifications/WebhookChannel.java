package org.fountain.notifications;

import java.util.List;
import org.fountain.delivery.MatchSummary;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A webhook: up to {@code max-per-request} matches in one signed POST, as soon as they wait, as {@code {"filter":
 * {"id": 3, "name": "…"}, "matches": [{…}, …]}} with the matches as the API shows them.
 */
@Component
class WebhookChannel implements NotificationChannel {

    private final WebhookPoster poster;
    private final JsonMapper json;
    private final NotificationsProperties properties;

    WebhookChannel(WebhookPoster poster, JsonMapper json, NotificationsProperties properties) {
        this.poster = poster;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean serves(NotificationSender.Due target) {
        return target.kind() == NotificationTarget.Kind.WEBHOOK && !target.slack();
    }

    @Override
    public int batchSize() {
        return properties.maxPerRequest();
    }

    @Override
    public @Nullable String deliver(NotificationSender.Due target, List<MatchSummary> matches, long waiting)
            throws Exception {
        ObjectNode body = json.createObjectNode();
        body.putObject("filter")
                .put("id", target.filterId())
                .put("name", matches.get(0).filterName());
        body.set("matches", json.valueToTree(matches));
        return poster.post(target, json.writeValueAsString(body));
    }
}
