package org.fountain.accounts;

/** A password Fountain does not accept, with what to change. */
public class InvalidPasswordException extends IllegalArgumentException {

    public InvalidPasswordException(String message) {
        super(message);
    }
}
