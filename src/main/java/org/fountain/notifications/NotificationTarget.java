package org.fountain.notifications;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a filter's matches are sent.
 *
 * @param target the webhook's URL, or the e-mail address
 * @param slack a webhook that posts a Slack-compatible body ({@code {"text": …}})
 * @param digestMinutes an e-mail digest is sent at most this often
 * @param confirmed an e-mail address is written to only once its owner followed the link sent to it
 * @param pausedReason why Fountain stopped sending, or null
 * @param queued matches waiting to be sent
 */
public record NotificationTarget(
        long id,
        long filterId,
        String owner,
        Kind kind,
        String target,
        boolean slack,
        int digestMinutes,
        boolean confirmed,
        @Nullable String pausedReason,
        int failuresInARow,
        @Nullable Instant lastSentAt,
        long sent,
        long dropped,
        long queued) {

    public enum Kind {
        WEBHOOK,
        EMAIL
    }

    public String state() {
        if (pausedReason != null) {
            return "paused";
        }
        return confirmed ? "active" : "waiting for confirmation";
    }
}
