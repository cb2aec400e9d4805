package org.fountain.filters.rewind;

/** No rewind with this id that the asking user started. */
public class RewindNotFoundException extends RuntimeException {

    RewindNotFoundException(String message) {
        super(message);
    }
}
