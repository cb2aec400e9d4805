package org.fountain.filters.rewind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.fountain.FountainIntegrationTest;
import org.fountain.filters.InvalidFilterException;
import org.fountain.simulator.MockAlert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** "Test on the last N hours" over the real broker's retained alerts. */
class RewindTest extends FountainIntegrationTest {

    @Autowired
    Rewinds rewinds;

    @Test
    void findsWhatAnUnsavedExpressionWouldHaveCaught() {
        double jd = jdNow();
        int bright = 0;
        for (int i = 0; i < 40; i++) {
            double mag = 13.0 + (i % 5);
            bright += mag < 15.0 ? 1 : 0;
            publish(MockAlert.simple("ZTF26rw" + (char) ('a' + i % 26) + i, 80_000 + i, jd, 30 + i, -10, mag));
        }
        publishRaw("an undecodable message in the window".getBytes());

        Rewind started =
                rewinds.start("rewind-rosa", "ztf", "objectId.startsWith('ZTF26rw') && candidate.magpsf < 15.0", 1);
        assertThat(started.state()).isEqualTo("RUNNING");
        int expected = bright;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !rewinds.find(started.id(), "rewind-rosa").state().equals("RUNNING"));

        Rewind done = rewinds.find(started.id(), "rewind-rosa");
        assertThat(done.state()).isEqualTo("DONE");
        assertThat(done.stoppedBy()).isNull();
        assertThat(done.matched()).isEqualTo(expected);
        assertThat(done.scanned()).isGreaterThanOrEqualTo(41).isEqualTo(done.total());
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.undecodable()).isGreaterThanOrEqualTo(1);
        assertThat(done.firstMatches())
                .hasSize(expected)
                .allSatisfy(m -> assertThat(m.magnitude()).isLessThan(15.0));
        assertThat(done.perHour().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(expected);
        assertThat(done.matchesPerHour()).isEqualTo(expected);
    }

    @Test
    void refusesAnInvalidExpressionOrWindowBeforeStarting() {
        assertThatThrownBy(() -> rewinds.start("rewind-rosa", "ztf", "candidate.magpfs < 15.0", 1))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("did you mean magpsf");
        assertThatThrownBy(() -> rewinds.start("rewind-rosa", "ztf", "true", 0))
                .isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> rewinds.start("rewind-rosa", "ztf", "true", 10_000))
                .isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void showsAndCancelsARewindOnlyForWhoStartedIt() {
        Rewind started = rewinds.start("rewind-rosa", "ztf", "candidate.magpsf < 0.0", 1);
        assertThatThrownBy(() -> rewinds.find(started.id(), "someone-else"))
                .isInstanceOf(RewindNotFoundException.class);
        assertThatThrownBy(() -> rewinds.cancel(started.id(), "someone-else"))
                .isInstanceOf(RewindNotFoundException.class);
        // the owner may cancel: a rewind still running then ends CANCELLED; one already finished stays DONE
        Rewind atCancel = rewinds.cancel(started.id(), "rewind-rosa");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !rewinds.find(started.id(), "rewind-rosa").state().equals("RUNNING"));
        assertThat(rewinds.find(started.id(), "rewind-rosa").state())
                .isEqualTo(atCancel.state().equals("RUNNING") ? "CANCELLED" : atCancel.state());
        assertThat(atCancel.state()).isIn("RUNNING", "DONE");
    }
}
