package org.fountain.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A webhook's other end controls how long and how much it answers: the client reads a bounded part of a failure's
 * body, nothing of a success's, ends every exchange at its deadline however slowly bytes trickle in, follows no
 * redirect, and (private targets not allowed, the default) connects to no loopback address, named or written as one.
 */
class WebhookClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(1);

    private RawEndpoints endpoints;

    @BeforeEach
    void start() throws Exception {
        endpoints = new RawEndpoints();
    }

    @AfterEach
    void stop() throws Exception {
        endpoints.close();
    }

    private static String post(WebhookClient client, String url) {
        return assertTimeoutPreemptively(
                DEADLINE.multipliedBy(5), () -> client.post(URI.create(url), "{}", Map.of("X-Test", "1")));
    }

    @Test
    void aSuccessThatStreamsForEverIsTakenWithoutReadingItsBody() throws Exception {
        try (WebhookClient client = new WebhookClient(DEADLINE, true, 4)) {
            assertThat(post(client, endpoints.url("/endless-ok"))).isNull();
        }
        assertThat(endpoints.hungUp("/endless-ok").await(5, TimeUnit.SECONDS))
                .as("the client hung up")
                .isTrue();
        assertThat(endpoints.written("/endless-ok")).isLessThan(64L << 20);
    }

    @Test
    void aFailureThatStreamsForEverIsReadForItsFirstBytesOnly() throws Exception {
        try (WebhookClient client = new WebhookClient(DEADLINE, true, 4)) {
            String reason = post(client, endpoints.url("/endless-fail"));
            assertThat(reason).startsWith("HTTP 500: xxx");
            assertThat(reason).hasSize("HTTP 500: ".length() + WebhookClient.MAX_REASON);
        }
        assertThat(endpoints.hungUp("/endless-fail").await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(endpoints.written("/endless-fail")).isLessThan(64L << 20);
    }

    @Test
    void anAnswerThatTricklesIsAbandonedAtTheDeadline() throws Exception {
        try (WebhookClient client = new WebhookClient(DEADLINE, true, 4)) {
            long start = System.nanoTime();
            String reason = post(client, endpoints.url("/trickle"));
            assertThat(reason).isEqualTo("no complete answer within 1 s (the request was abandoned)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.multipliedBy(3));
        }
        assertThat(endpoints.hungUp("/trickle").await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(endpoints.written("/trickle")).isLessThan(WebhookClient.MAX_REASON);
    }

    @Test
    void noAnswerAtAllIsAFailureWithinTheDeadline() throws Exception {
        try (WebhookClient client = new WebhookClient(DEADLINE, true, 4)) {
            assertThat(post(client, endpoints.url("/silent"))).isNotNull();
        }
        assertThat(endpoints.hungUp("/silent").await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        try (WebhookClient client = new WebhookClient(DEADLINE, true, 4)) {
            assertThat(post(client, endpoints.url("/redirect"))).isEqualTo("HTTP 302");
        }
        assertThat(endpoints.requests("/redirect")).isEqualTo(1);
        assertThat(endpoints.requests("/landing")).isZero();
    }

    @Test
    void aLoopbackTargetIsRefusedByNameOrAddressWithoutSayingWhereItResolved() throws Exception {
        int port = endpoints.port();
        try (WebhookClient client = new WebhookClient(DEADLINE, false, 4)) {
            String byName = post(client, "http://localhost:" + port + "/ok");
            assertThat(byName).contains("localhost").contains("non-public").doesNotContain("127.0.0.1");
            assertThat(post(client, "http://127.0.0.1:" + port + "/ok")).contains("non-public");
            assertThat(post(client, "http://[::ffff:127.0.0.1]:" + port + "/ok"))
                    .contains("non-public");
            assertThat(post(client, "http://[::1]:" + port + "/ok")).contains("non-public");
        }
        assertThat(endpoints.requests("/ok")).as("nothing reached the server").isZero();
    }
}
