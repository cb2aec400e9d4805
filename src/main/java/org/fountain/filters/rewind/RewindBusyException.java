package org.fountain.filters.rewind;

/** The user already has a rewind running. */
public class RewindBusyException extends RuntimeException {

    RewindBusyException(String message) {
        super(message);
    }
}
