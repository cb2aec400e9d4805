package org.fountain.filters.rewind;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fountain.alerts.AlertSummary;
import org.jspecify.annotations.Nullable;

/**
 * What a rewind has found so far.
 *
 * @param id its id
 * @param state where it is
 * @param stream the stream scanned
 * @param hours how far back it went
 * @param total alerts retained in that window when it started (an estimate: messages, some holding several alerts)
 * @param scanned messages read so far
 * @param matched alerts matched so far
 * @param undecodable messages that could not be decoded
 * @param failures alerts on which the expression failed
 * @param perHour matches by hour (UTC, ISO) of the message time
 * @param firstMatches the first matches, at most 50
 * @param stoppedBy why it stopped early ({@value #MAX_ALERTS}, {@value #MAX_DURATION}) or null
 * @param error what went wrong, when it failed
 */
public record Rewind(
        String id,
        State state,
        String stream,
        int hours,
        long total,
        long scanned,
        long matched,
        long undecodable,
        long failures,
        Map<String, Long> perHour,
        List<AlertSummary> firstMatches,
        @Nullable StoppedBy stoppedBy,
        @Nullable String error,
        Instant startedAt,
        @Nullable Instant finishedAt) {

    /** Why a rewind stopped early, by the limit it reached (its wire code is the limit's setting). */
    public enum StoppedBy {
        /** It had scanned {@code max-alerts} messages. */
        MAX_ALERTS("max-alerts"),
        /** It had run {@code max-duration}. */
        MAX_DURATION("max-duration");

        private final String code;

        StoppedBy(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }
    }

    /** Where a rewind is: running (or waiting for a thread), or ended one of three ways. */
    public enum State {
        RUNNING,
        DONE,
        CANCELLED,
        FAILED
    }

    /** Matches per hour over the window scanned. */
    @JsonProperty("matchesPerHour")
    public double matchesPerHour() {
        return hours == 0 ? 0 : matched / (double) hours;
    }

    /** 0 to 1. */
    @JsonProperty("progress")
    public double progress() {
        return total == 0 ? (state == State.RUNNING ? 0 : 1) : Math.min(1.0, scanned / (double) total);
    }
}
