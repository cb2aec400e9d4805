package org.fountain.notifications;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Posts to webhooks, bounded in every way the receiving end controls: the whole exchange (connecting, sending, the
 * answer's headers and what is read of its body) ends after {@code timeout} however slowly the other end trickles; of
 * the body at most {@value #MAX_REASON} bytes are read, and only of a failure, to say why; redirects are not followed.
 * Unless private targets are allowed, the host is resolved once, every address it resolves to must be public
 * ({@link PublicAddresses}), and the connection goes to one of those very addresses, so a name that answers
 * differently the second time (DNS rebinding) cannot lead anywhere else. A refusal names the host, never the
 * addresses it resolved to.
 */
final class WebhookClient implements AutoCloseable {

    /** A response body read back to say why a request failed, at most. */
    static final int MAX_REASON = 300;

    /** Thrown by the resolver for a host that resolves to an address webhooks may not reach. */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String host) {
            super("its host " + host + " resolves to a loopback, private, link-local or otherwise non-public address,"
                    + " which webhooks may not reach");
        }
    }

    private final Duration timeout;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines;

    WebhookClient(Duration timeout, boolean allowPrivateTargets, int connections) {
        this.timeout = timeout;
        Timeout limit = Timeout.of(timeout);
        DnsResolver resolver = allowPrivateTargets ? SystemDefaultDnsResolver.INSTANCE : new PublicOnly();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(limit)
                                .setSocketTimeout(limit)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(limit)
                        .setResponseTimeout(limit)
                        .setRedirectsEnabled(false)
                        .build())
                // a new connection each time: a target's server may close one it kept, and a request sent on it
                // would fail for nothing (webhooks are posted at most about once a second per target)
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .build(); // no system proxy: the vetting resolver must see the webhook's own host
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Resolves once and hands on only public addresses: the connection goes to what was vetted. */
    private static final class PublicOnly implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
            if (addresses.length == 0 || !Arrays.stream(addresses).allMatch(PublicAddresses::isPublic)) {
                throw new RefusedAddressException(host);
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }

    /**
     * Posts a JSON body with the given headers.
     *
     * @return null when the webhook took it (2xx), else why not
     */
    @Nullable
    String post(URI uri, String body, Map<String, String> headers) {
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    late.set(true);
                    post.cancel();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        ClassicHttpResponse response = null;
        try {
            response = http.executeOpen(null, post, null);
            int status = response.getCode();
            if (status / 100 == 2) {
                return null;
            }
            String said = reason(response.getEntity());
            return "HTTP " + status + (said.isEmpty() ? "" : ": " + said);
        } catch (RefusedAddressException e) {
            return e.getMessage();
        } catch (IOException e) {
            if (late.get()) {
                return "no complete answer within " + seconds() + " (the request was abandoned)";
            }
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            deadline.cancel(false);
            // Abandon the connection before closing the response: closing would read the rest of the body to reuse it.
            post.cancel();
            if (response != null) {
                try {
                    response.close();
                } catch (IOException ignored) {
                    // the connection is gone already
                }
            }
        }
    }

    private String seconds() {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** The first bytes of a failure's body, one line, without control characters. */
    private static String reason(@Nullable HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        // not closed here: closing the stream would read the rest of the body
        byte[] first = entity.getContent().readNBytes(MAX_REASON);
        return new String(first, StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}+", " ")
                .strip();
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
