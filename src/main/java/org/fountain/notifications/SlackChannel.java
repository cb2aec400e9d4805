package org.fountain.notifications;

import java.util.List;
import java.util.Locale;
import org.fountain.delivery.MatchSummary;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Slack-style incoming webhook: {@code {"text": "…"}}, one line per match with a link to its alert page, up to
 * {@code max-per-request} matches in one signed POST.
 */
@Component
class SlackChannel implements NotificationChannel {

    private final WebhookPoster poster;
    private final JsonMapper json;
    private final NotificationsProperties properties;

    SlackChannel(WebhookPoster poster, JsonMapper json, NotificationsProperties properties) {
        this.poster = poster;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public boolean serves(NotificationSender.Due target) {
        return target.kind() == NotificationTarget.Kind.WEBHOOK && target.slack();
    }

    @Override
    public int batchSize() {
        return properties.maxPerRequest();
    }

    @Override
    public @Nullable String deliver(NotificationSender.Due target, List<MatchSummary> matches, long waiting)
            throws Exception {
        StringBuilder text = new StringBuilder("*" + matches.get(0).filterName() + "*: " + matches.size()
                + (matches.size() == 1 ? " new match" : " new matches"));
        for (MatchSummary m : matches) {
            text.append("\n• <")
                    .append(NotificationChannel.alertLink(properties.baseUrl(), m))
                    .append('|')
                    .append(m.alert().objectId())
                    .append("> ")
                    .append(m.alert().band() == null ? "" : m.alert().band() + " ")
                    .append(
                            m.alert().magnitude() == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT, "%.2f mag", m.alert().magnitude()));
        }
        ObjectNode body = json.createObjectNode();
        body.put("text", text.toString());
        return poster.post(target, json.writeValueAsString(body));
    }
}
