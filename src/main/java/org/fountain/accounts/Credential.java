package org.fountain.accounts;

import jakarta.servlet.http.HttpSession;

/**
 * What signed a request in, kept by whatever outlives the request (a stream of matches, a live dashboard) to ask
 * {@link Credentials#holds(Credential)} later whether it still does.
 */
public sealed interface Credential {

    /** The account signed in. */
    String username();

    /** A personal API token: holds while it is neither revoked nor expired and its owner is enabled. */
    record Token(String username, long tokenId) implements Credential {}

    /**
     * A signed-in session: holds while the session lasts (not signed out, not expired), the account is enabled and its
     * password and role are those the session began with.
     */
    record Session(String username, HttpSession session, long version) implements Credential {}

    /** HTTP Basic: holds while the account is enabled and its password and role are unchanged. */
    record Password(String username, long version) implements Credential {}
}
