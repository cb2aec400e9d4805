package org.fountain.filters.rewind;

/** A rewind or replay that may not start now: one is running already, the instance is full, or a replay quota. */
public class RewindBusyException extends RuntimeException {

    private final long retryAfterSeconds;

    RewindBusyException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When trying again may succeed, in seconds from now (a guess where a running rewind has to end first). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
