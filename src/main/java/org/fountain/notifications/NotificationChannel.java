package org.fountain.notifications;

import java.util.List;
import org.fountain.delivery.MatchSummary;
import org.jspecify.annotations.Nullable;

/**
 * One way of delivering what waits for a target: given a batch of its matches, a channel sends them and says whether
 * the other end took them. {@link NotificationSender} claims due targets, reads their outbox, picks the channel that
 * serves each and keeps the books (back-off, pauses, counts). A new channel is one class implementing this, as a bean.
 */
interface NotificationChannel {

    /** Its name in metrics ({@code fountain.notifications.requests{kind}}) and logs. */
    String name();

    /** Whether it delivers to this target. */
    boolean serves(NotificationSender.Due target);

    /** The most matches one delivery carries. */
    int batchSize();

    /**
     * Delivers the first matches waiting for the target ({@code waiting} in all, oldest first).
     *
     * @return null when the other end took them; otherwise why not, in words its owner is shown
     */
    @Nullable
    String deliver(NotificationSender.Due target, List<MatchSummary> matches, long waiting) throws Exception;

    /** A match's alert page, for a message's reader. */
    static String alertLink(String baseUrl, MatchSummary match) {
        return baseUrl + "/alerts/" + match.alert().stream() + "/"
                + match.alert().alertId();
    }
}
