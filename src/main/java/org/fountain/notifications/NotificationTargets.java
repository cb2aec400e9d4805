package org.fountain.notifications;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fountain.filters.Filter;
import org.fountain.filters.Filters;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * The webhooks and e-mail digests of their owners' filters: made, listed, resumed and deleted by their owner only.
 * A webhook gets a secret, shown once, to check the signature of what it receives; an e-mail address is written to
 * only once the link sent to it was followed by the same user.
 */
@Service
public class NotificationTargets {

    private static final Logger log = LoggerFactory.getLogger(NotificationTargets.class);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}");
    static final String COLUMNS =
            "t.id, t.filter_id, t.owner, t.kind, t.target, t.slack, t.digest_minutes, t.confirmed,"
                    + " t.paused_reason, t.failures_in_a_row, t.last_sent_at, t.sent, t.dropped, (select count(*) from"
                    + " notification_outbox o where o.target_id = t.id) as queued";

    private final JdbcClient jdbc;
    private final Filters filters;
    private final NotificationsProperties properties;
    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationWriter writer;

    NotificationTargets(
            JdbcClient jdbc,
            Filters filters,
            NotificationsProperties properties,
            ObjectProvider<JavaMailSender> mail,
            NotificationWriter writer) {
        this.writer = writer;
        this.jdbc = jdbc;
        this.filters = filters;
        this.properties = properties;
        this.mail = mail;
    }

    /** A webhook just made, and its secret, shown once. */
    public record Created(
            NotificationTarget target, @Nullable String secret) {}

    /**
     * Sends the filter's matches to a URL.
     *
     * @throws org.fountain.filters.FilterNotFoundException when the filter is not the user's
     * @throws IllegalArgumentException when the URL is not an http(s) one, or the user has as many targets as allowed
     */
    public Created addWebhook(String owner, long filterId, String url, boolean slack) {
        Filter filter = filters.find(filterId, owner);
        String trimmed = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a URL: " + trimmed);
        }
        if (trimmed.length() > 2000
                || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("A webhook is an http:// or https:// URL of at most 2,000 characters");
        }
        checkRoom(owner);
        String secret = "whsec_" + HexFormat.of().formatHex(random(24));
        long id = insert(filter.id(), owner, NotificationTarget.Kind.WEBHOOK, trimmed, secret, slack, 0, null, true);
        return new Created(find(owner, id).orElseThrow(), secret);
    }

    /**
     * Sends the filter's matches to an e-mail address as a digest at most every {@code minutes}, once the address is
     * confirmed (a link is sent to it now).
     *
     * @throws IllegalArgumentException when the address is not one, the interval out of range, e-mail is not set up on
     *     this portal, or the user has as many targets as allowed
     */
    public Created addEmail(String owner, long filterId, String address, int minutes) {
        Filter filter = filters.find(filterId, owner);
        String trimmed = address == null ? "" : address.strip();
        if (trimmed.length() > 254 || !EMAIL.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("Not an e-mail address: " + trimmed);
        }
        if (minutes < 1 || minutes > 7 * 24 * 60) {
            throw new IllegalArgumentException("A digest is sent every 1 minute to every 7 days");
        }
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalArgumentException("E-mail is not set up on this portal (spring.mail.host)");
        }
        checkRoom(owner);
        checkConfirmations(owner, trimmed);
        String token = HexFormat.of().formatHex(random(32));
        long id =
                insert(filter.id(), owner, NotificationTarget.Kind.EMAIL, trimmed, null, false, minutes, token, false);
        jdbc.sql("delete from confirmation_mails where sent_at < now() - interval '1 day'") // only a day counts
                .update();
        jdbc.sql("insert into confirmation_mails (owner, address) values (:owner, :address)")
                .param("owner", owner)
                .param("address", trimmed)
                .update();
        String name = plain(filter.name());
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(trimmed);
        message.setSubject("Fountain: confirm digests of \"" + name + "\"");
        message.setText("Someone signed in to Fountain as " + owner + " asked for digests of the matches of the filter"
                + " \"" + name + "\" at this address.\n\nTo confirm, open (signed in as " + owner + "):\n"
                + properties.baseUrl() + "/notifications/confirm/" + token
                + "\n\nIf it was not you, ignore this message: nothing will be sent.\n");
        try {
            sender.send(message);
        } catch (MailException e) {
            log.warn("A confirmation mail for {} could not be sent: {}", owner, e.toString());
            delete(owner, id);
            throw new IllegalArgumentException(
                    "The mail server did not take the confirmation mail: try again later, or ask the operators");
        }
        return new Created(find(owner, id).orElseThrow(), null);
    }

    /** Confirms the address a link was sent to; false when the token is not one of this user's. */
    public boolean confirm(String owner, String token) {
        boolean confirmed = jdbc.sql("update notification_targets set confirmed = true, confirm_token = null where"
                                + " confirm_token = :token and owner = :owner")
                        .param("token", token)
                        .param("owner", owner)
                        .update()
                > 0;
        writer.forget();
        return confirmed;
    }

    /**
     * Refuses a confirmation mail beyond the day's allowance of the user or of the address (mails sent for notifications
     * deleted since count too).
     */
    private void checkConfirmations(String owner, String address) {
        long byUser = jdbc.sql("select count(*) from confirmation_mails where owner = :owner and sent_at > now() -"
                        + " interval '1 day'")
                .param("owner", owner)
                .query(Long.class)
                .single();
        if (byUser >= properties.confirmationsPerUser()) {
            throw new IllegalArgumentException("At most " + properties.confirmationsPerUser()
                    + " confirmation mails a day per user: try again tomorrow");
        }
        long toAddress = jdbc.sql("select count(*) from confirmation_mails where lower(address) = lower(:address) and"
                        + " sent_at > now() - interval '1 day'")
                .param("address", address)
                .query(Long.class)
                .single();
        if (toAddress >= properties.confirmationsPerAddress()) {
            throw new IllegalArgumentException("This address has been sent " + properties.confirmationsPerAddress()
                    + " confirmation mails today, the most one address receives: try again tomorrow");
        }
    }

    /** Text that goes into a mail: one line, without control characters. */
    static String plain(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    private void checkRoom(String owner) {
        long count = jdbc.sql("select count(*) from notification_targets where owner = :owner")
                .param("owner", owner)
                .query(Long.class)
                .single();
        if (count >= properties.maxTargetsPerUser()) {
            throw new IllegalArgumentException(
                    "At most " + properties.maxTargetsPerUser() + " notifications per user: delete one first");
        }
    }

    private long insert(
            long filterId,
            String owner,
            NotificationTarget.Kind kind,
            String target,
            @Nullable String secret,
            boolean slack,
            int minutes,
            @Nullable String token,
            boolean confirmed) {
        long id = jdbc.sql("insert into notification_targets (filter_id, owner, kind, target, secret, slack,"
                        + " digest_minutes, confirm_token, confirmed) values (:filter, :owner, :kind, :target, :secret,"
                        + " :slack, :minutes, :token, :confirmed) returning id")
                .param("filter", filterId)
                .param("owner", owner)
                .param("kind", kind.name())
                .param("target", target)
                .param("secret", secret)
                .param("slack", slack)
                .param("minutes", minutes)
                .param("token", token)
                .param("confirmed", confirmed)
                .query(Long.class)
                .single();
        writer.forget(); // the writer sends this filter's next matches here from its next batch
        return id;
    }

    /** The user's notifications, of one filter or all. */
    public List<NotificationTarget> of(String owner, @Nullable Long filterId) {
        return jdbc.sql("select " + COLUMNS + " from notification_targets t where t.owner = :owner and (:filter::bigint"
                        + " is null or t.filter_id = :filter) order by t.id")
                .param("owner", owner)
                .param("filter", filterId)
                .query(NotificationTargets::row)
                .list();
    }

    public Optional<NotificationTarget> find(String owner, long id) {
        return jdbc.sql("select " + COLUMNS + " from notification_targets t where t.owner = :owner and t.id = :id")
                .param("owner", owner)
                .param("id", id)
                .query(NotificationTargets::row)
                .optional();
    }

    /** Deletes one, with what waits for it; false when the user has no such notification. */
    public boolean delete(String owner, long id) {
        return jdbc.sql("delete from notification_targets where id = :id and owner = :owner")
                        .param("id", id)
                        .param("owner", owner)
                        .update()
                > 0;
    }

    /** Sends again to a paused target, from now (what waited is still sent); false when there is no such one. */
    public boolean resume(String owner, long id) {
        return jdbc.sql("update notification_targets set paused_reason = null, failures_in_a_row = 0, next_attempt_at ="
                                + " now() where id = :id and owner = :owner")
                        .param("id", id)
                        .param("owner", owner)
                        .update()
                > 0;
    }

    static NotificationTarget row(ResultSet rs, int row) throws SQLException {
        Timestamp last = rs.getTimestamp("last_sent_at");
        return new NotificationTarget(
                rs.getLong("id"),
                rs.getLong("filter_id"),
                rs.getString("owner"),
                NotificationTarget.Kind.valueOf(rs.getString("kind")),
                rs.getString("target"),
                rs.getBoolean("slack"),
                rs.getInt("digest_minutes"),
                rs.getBoolean("confirmed"),
                rs.getString("paused_reason"),
                rs.getInt("failures_in_a_row"),
                last == null ? null : last.toInstant(),
                rs.getLong("sent"),
                rs.getLong("dropped"),
                rs.getLong("queued"));
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }
}
