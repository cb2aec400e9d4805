package org.fountain.admin;

/**
 * How a consumer group fares on a partition, or as a whole (its worst partition), by Burrow's rules (see {@link
 * LagRules}). Ordered from best to worst.
 */
public enum LagStatus {
    /** Caught up at some point in the window, or moving with its lag going down. */
    OK,
    /** Committing, but its lag never went down across the window: it is falling behind. */
    WARN,
    /** The committed offset went backwards in the window (a reset or a replay). */
    REWIND,
    /** Still consuming, but the committed offset did not move across the window while there was lag. */
    STALL,
    /** Nobody commits for it any more while messages wait. */
    STOP,
    /** The figures are missing or contradict each other (no committed offset, or one beyond the end). */
    ERR;

    LagStatus worse(LagStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** A CSS class for the status. */
    public String tone() {
        return switch (this) {
            case OK -> "ok";
            case WARN, REWIND -> "warn";
            case STALL, STOP, ERR -> "bad";
        };
    }
}
