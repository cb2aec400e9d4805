package org.fountain.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.fountain.delivery.MatchSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * An e-mail digest: at most one per the target's {@code digest-minutes} (the sender claims a digest only when it is
 * due), listing up to 200 (or {@code max-per-request}) of the matches waiting, and how many there are in all. The mail
 * server's own words stay in the log: they may name its hosts and settings.
 */
@Component
class EmailChannel implements NotificationChannel {

    private static final Logger log = LoggerFactory.getLogger(EmailChannel.class);

    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationsProperties properties;

    EmailChannel(ObjectProvider<JavaMailSender> mail, NotificationsProperties properties) {
        this.mail = mail;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean serves(NotificationSender.Due target) {
        return target.kind() == NotificationTarget.Kind.EMAIL;
    }

    @Override
    public int batchSize() {
        return Math.max(200, properties.maxPerRequest());
    }

    @Override
    public @Nullable String deliver(NotificationSender.Due target, List<MatchSummary> matches, long waiting) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return "e-mail is not set up on this portal (spring.mail.host)";
        }
        String filter = NotificationTargets.plain(matches.get(0).filterName());
        StringBuilder text = new StringBuilder(
                waiting + (waiting == 1 ? " match" : " matches") + " of your filter \"" + filter + "\" since the last"
                        + " digest" + (waiting > matches.size() ? " (the first " + matches.size() + " below)" : "")
                        + ":\n\n");
        for (MatchSummary m : matches) {
            text.append(String.format(
                    Locale.ROOT,
                    "%s  %-14s %s %s  %s%n",
                    Instant.ofEpochMilli(m.matchedAt())
                            .toString()
                            .substring(0, 19)
                            .replace('T', ' '),
                    m.alert().objectId(),
                    m.alert().band() == null ? "-" : m.alert().band(),
                    m.alert().magnitude() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.2f", m.alert().magnitude()),
                    NotificationChannel.alertLink(properties.baseUrl(), m)));
        }
        text.append("\nYour matches: ")
                .append(properties.baseUrl())
                .append("/dashboard\n")
                .append("Stop these digests on the filter's notifications page: ")
                .append(properties.baseUrl())
                .append("/filters/")
                .append(target.filterId())
                .append("/notifications\n");
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(target.target());
        message.setSubject("Fountain: " + waiting + (waiting == 1 ? " match" : " matches") + " of \"" + filter + "\"");
        message.setText(text.toString());
        try {
            sender.send(message);
        } catch (MailException e) {
            log.info("A digest for notification {} was refused: {}", target.id(), e.toString());
            return "the mail server did not take the digest (" + e.getClass().getSimpleName() + ")";
        }
        return null;
    }
}
