package org.fountain.notifications;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Posts a body to a webhook, signed ({@code X-Fountain-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<body>" with the
 * webhook's secret>}, the timestamp in {@code X-Fountain-Timestamp}) and bounded ({@link WebhookClient}, made on each
 * start and closed on stop: the context may be stopped and started again).
 */
@Component
class WebhookPoster implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookPoster.class);

    private final NotificationsProperties properties;
    private volatile @Nullable WebhookClient client;

    WebhookPoster(NotificationsProperties properties) {
        this.properties = properties;
    }

    /** Null when the webhook took the body (2xx), else why not. */
    @Nullable
    String post(NotificationSender.Due target, String body) throws Exception {
        WebhookClient webhooks = client;
        if (webhooks == null) {
            return "this instance is stopping";
        }
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        return webhooks.post(
                URI.create(target.target()),
                body,
                Map.of(
                        "User-Agent",
                        "Fountain-Webhook",
                        "X-Fountain-Timestamp",
                        timestamp,
                        "X-Fountain-Signature",
                        "sha256=" + sign(target.secret(), timestamp + "." + body)));
    }

    static String sign(@Nullable String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    @Override
    public void start() {
        client = new WebhookClient(properties.timeout(), properties.allowPrivateTargets(), properties.senders());
    }

    @Override
    public void stop() {
        WebhookClient webhooks = client;
        client = null;
        if (webhooks != null) {
            try {
                webhooks.close();
            } catch (IOException e) {
                log.debug("Closing the webhook client: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }
}
