package org.fountain.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What one instance's live relay last said of itself: how live its dashboards are, seen from the inside.
 *
 * @param groupId the relay's consumer group on the matches topic (one per instance)
 * @param host the instance's host name
 * @param startedAt when the instance started
 * @param reportedAt when it last reported
 * @param maxLag its {@code max-lag}: a match older than this when read is skipped, not pushed
 * @param sessions dashboards connected to it
 * @param lagSeconds the age of the newest match it read, at the time it read it
 * @param delayMeanMillis mean time from matching to the relay reading a match, since the previous report
 * @param delayMaxMillis the longest such time of the last minutes
 * @param listed matches it sent to dashboards since it started
 * @param skipped matches it did not push because they were older than {@code max-lag} or beyond {@code max-queued}
 * @param missed matches dashboards missed because they were not reading
 */
public record LiveRelay(
        String groupId,
        String host,
        Instant startedAt,
        Instant reportedAt,
        Duration maxLag,
        int sessions,
        double lagSeconds,
        double delayMeanMillis,
        double delayMaxMillis,
        long listed,
        long skipped,
        long missed) {

    /** Whether the report is older than three report intervals: the instance stopped, or its relay is stuck. */
    public boolean silentAt(Instant now) {
        return reportedAt.plus(LiveRelays.REPORT_EVERY.multipliedBy(3)).isBefore(now);
    }

    /** Whether the relay is behind by more than its {@code max-lag}: its dashboards are being told they skipped. */
    public boolean late() {
        return lagSeconds * 1000 > maxLag.toMillis();
    }
}
