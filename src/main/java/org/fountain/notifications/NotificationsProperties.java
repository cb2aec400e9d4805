package org.fountain.notifications;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Notifications.
 *
 * @param enabled whether this instance sends notifications (instances share the consumer group)
 * @param groupId the consumer group that fills the outbox from the matches topic
 * @param maxTargetsPerUser webhooks and e-mail digests one user may have
 * @param maxQueued matches waiting for one target; beyond, new ones are dropped and counted
 * @param pauseAfterFailures a target failing this many times in a row is paused, with the last failure as the reason
 * @param maxBackOff the longest wait between two attempts at a failing target (it doubles from a second)
 * @param maxPerRequest matches one webhook request or one e-mail lists at most
 * @param allowPrivateTargets whether webhooks may point at loopback, private or link-local addresses (off: a webhook
 *     could otherwise reach services inside the network Fountain runs in)
 * @param from the sender of the e-mails
 * @param baseUrl where the portal is reached, for the links in e-mails
 * @param timeout the longest one webhook request may take, from connecting to the last byte read of its answer
 * @param confirmationsPerUser confirmation mails one user may have sent in a day (deleted notifications count)
 * @param confirmationsPerAddress confirmation mails one address may receive in a day, whoever asks
 * @param senders targets this instance sends to at once (a slow endpoint holds one of them for up to {@code timeout})
 */
@ConfigurationProperties("fountain.notifications")
@Validated
public record NotificationsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("fountain-notify") @NotBlank String groupId,
        @DefaultValue("10") @Min(1) int maxTargetsPerUser,
        @DefaultValue("10000") @Min(1) int maxQueued,
        @DefaultValue("10") @Min(1) int pauseAfterFailures,
        @DefaultValue("10m") Duration maxBackOff,
        @DefaultValue("50") @Min(1) int maxPerRequest,
        @DefaultValue("false") boolean allowPrivateTargets,
        @DefaultValue("fountain@localhost") @NotBlank String from,
        @DefaultValue("http://localhost:8080") @NotBlank String baseUrl,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("8") @Min(1) int senders,
        @DefaultValue("10") @Min(0) int confirmationsPerUser,
        @DefaultValue("3") @Min(0) int confirmationsPerAddress) {}
