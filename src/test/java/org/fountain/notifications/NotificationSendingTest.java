package org.fountain.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.fountain.FountainIntegrationTest;
import org.fountain.accounts.Accounts;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sender through the real broker and database: endpoints that never answer, or answer without end, neither stop
 * nor delay the others; a target is claimed (lease and attempt written) before anything is sent, so no other sender
 * takes it meanwhile; an attempt that never finished counts as a failure.
 */
class NotificationSendingTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    NotificationTargets targets;

    @Autowired
    NotificationSender sender;

    @Autowired
    JdbcClient jdbc;

    private RawEndpoints endpoints;

    @BeforeEach
    void start() throws Exception {
        endpoints = new RawEndpoints();
    }

    @AfterEach
    void stop() throws Exception {
        endpoints.close();
    }

    private long webhook(String owner, Filter filter, String path) {
        return targets.addWebhook(owner, filter.id(), endpoints.url(path), false)
                .target()
                .id();
    }

    private NotificationTarget target(String owner, long id) {
        return targets.find(owner, id).orElseThrow();
    }

    private boolean attempting(long id) {
        return jdbc.sql("select attempting_since is not null from notification_targets where id = :id")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    @Test
    void anEndpointThatNeverAnswersOrAnswersWithoutEndDelaysNoOneElse() throws Exception {
        accounts.register("send-sol", "sol-password-1");
        Filter silent = filters.create("send-sol", FilterDraft.of("Silent", "objectId.startsWith('ZTF26send')"));
        Filter endless = filters.create("send-sol", FilterDraft.of("Endless", "objectId.startsWith('ZTF26send')"));
        Filter fine = filters.create("send-sol", FilterDraft.of("Fine", "objectId.startsWith('ZTF26send')"));
        long toSilent = webhook("send-sol", silent, "/silent");
        long toEndless = webhook("send-sol", endless, "/endless-ok");
        long toFine = webhook("send-sol", fine, "/ok");

        publish(MockAlert.simple("ZTF26send1", 9931, jdNow(), 44, 44, 17.5));
        // the deadline is 10 s: the others are done while the silent one is still waited for
        await().atMost(Duration.ofSeconds(8))
                .until(() -> target("send-sol", toFine).sent() == 1);
        await().atMost(Duration.ofSeconds(8))
                .until(() -> target("send-sol", toEndless).sent() == 1);
        assertThat(endpoints.requests("/silent")).isEqualTo(1);
        assertThat(attempting(toSilent)).as("the silent one is still in flight").isTrue();
        assertThat(endpoints.hungUp("/endless-ok").await(5, TimeUnit.SECONDS))
                .as("the answer without end was not read")
                .isTrue();
        assertThat(endpoints.written("/endless-ok")).isLessThan(64L << 20);

        // one that is being sent is claimed: no other sender (another instance) takes it meanwhile
        java.util.List<NotificationSender.Due> claimed = sender.claim(100);
        assertThat(claimed).extracting(NotificationSender.Due::id).doesNotContain(toSilent);
        for (NotificationSender.Due other : claimed) { // given back to the running sender
            jdbc.sql("update notification_targets set attempting_since = null, next_attempt_at = now() where id = :id")
                    .param("id", other.id())
                    .update();
        }

        // and then it fails, with the reason, and is tried again later
        await().atMost(Duration.ofSeconds(20))
                .until(() -> target("send-sol", toSilent).failuresInARow() >= 1);
        assertThat(attempting(toSilent)).isFalse();
    }

    @Test
    void anAttemptThatNeverFinishedCountsAsAFailure() throws Exception {
        accounts.register("send-sid", "sid-password-1");
        Filter filter = filters.create("send-sid", FilterDraft.of("Failing", "objectId.startsWith('ZTF26died')"));
        long id = webhook("send-sid", filter, "/fail");
        // as an instance leaves it when it stops in the middle of sending: the attempt recorded, never cleared
        jdbc.sql("update notification_targets set attempting_since = now() - interval '1 minute' where id = :id")
                .param("id", id)
                .update();

        publish(MockAlert.simple("ZTF26died1", 9941, jdNow(), 45, 45, 17.5));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> target("send-sid", id).pausedReason() != null);
        // paused after three failures (the test setting): the unfinished attempt and two that answered 500
        assertThat(target("send-sid", id).pausedReason())
                .contains("3 failures in a row")
                .contains("HTTP 500: boom");
        assertThat(endpoints.requests("/fail")).isEqualTo(2);
    }

    @Test
    void attemptsThatNeverFinishedAsOftenAsAFailurePausesPauseTheTargetWithoutSendingAgain() throws Exception {
        accounts.register("send-sue", "sue-password-1");
        Filter filter = filters.create("send-sue", FilterDraft.of("Crashing", "objectId.startsWith('ZTF26down')"));
        long id = webhook("send-sue", filter, "/ok");
        jdbc.sql("update notification_targets set attempting_since = now() - interval '1 minute', failures_in_a_row ="
                        + " 2 where id = :id")
                .param("id", id)
                .update();

        publish(MockAlert.simple("ZTF26down1", 9951, jdNow(), 46, 46, 17.5));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> target("send-sue", id).pausedReason() != null);
        assertThat(target("send-sue", id).pausedReason())
                .contains("3 failures in a row")
                .contains(NotificationSender.UNFINISHED);
        assertThat(target("send-sue", id).queued())
                .as("kept for when its owner resumes it")
                .isEqualTo(1);
        assertThat(endpoints.requests("/ok")).isZero();
    }

    @Test
    void aDisabledAccountsMatchesWaitAndAreSentOnceItIsEnabledAgain() throws Exception {
        accounts.register("send-dan", "dan-password-1");
        Filter filter = filters.create("send-dan", FilterDraft.of("Held", "objectId.startsWith('ZTF26held')"));
        long id = webhook("send-dan", filter, "/ok");
        accounts.disable("send-dan", "admin");

        publish(MockAlert.simple("ZTF26held1", 9961, jdNow(), 47, 47, 17.5));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> target("send-dan", id).queued() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> endpoints.requests("/ok") == 0);

        accounts.enable("send-dan");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> target("send-dan", id).sent() == 1);
        assertThat(endpoints.requests("/ok")).isEqualTo(1);
    }
}
