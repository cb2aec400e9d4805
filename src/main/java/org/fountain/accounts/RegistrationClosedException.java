package org.fountain.accounts;

/** This portal takes no registrations ({@code fountain.accounts.registration: closed}). */
public class RegistrationClosedException extends RuntimeException {

    public RegistrationClosedException() {
        super("Registration is closed on this portal; ask its administrator for an account.");
    }
}
