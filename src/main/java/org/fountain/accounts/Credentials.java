package org.fountain.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import org.fountain.accounts.security.AccountStates;
import org.springframework.stereotype.Service;

/** The credential behind a request, and whether one taken earlier still holds. */
@Service
public class Credentials {

    /** The request attribute in which the token filter leaves the id of the token that signed the request in. */
    public static final String TOKEN_ATTRIBUTE = "fountain.token-id";

    private final AccountStates states;
    private final ApiTokens tokens;

    Credentials(AccountStates states, ApiTokens tokens) {
        this.states = states;
        this.tokens = tokens;
    }

    /** What signed in the request of the given user (a token, HTTP Basic, or the session). */
    public Credential current(HttpServletRequest request, Principal user) {
        String name = user.getName();
        if (request.getAttribute(TOKEN_ATTRIBUTE) instanceof Long tokenId) {
            return new Credential.Token(name, tokenId);
        }
        HttpSession session = request.getSession(false);
        if (session == null || !states.bySession(request)) {
            return new Credential.Password(name, states.version(name));
        }
        Long began = states.sessionVersion(request, name);
        return new Credential.Session(name, session, began == null ? states.version(name) : began);
    }

    /** Lets the request's session go on after its own user changed the password in it. */
    public void renew(HttpServletRequest request, Principal user) {
        states.stamp(request, user.getName());
    }

    /** Whether the credential still signs its user in. Reads the database for a token. */
    public boolean holds(Credential credential) {
        String name = credential.username();
        if (credential instanceof Credential.Token token) {
            return tokens.usable(token.tokenId());
        }
        if (states.disabled(name)) {
            return false;
        }
        if (credential instanceof Credential.Session session) {
            return session.version() == states.version(name) && lasts(session.session());
        }
        return ((Credential.Password) credential).version() == states.version(name);
    }

    /**
     * Counts a long-lived connection signed in by a session as activity of that session, as a request would: without
     * it, a dashboard left open all night would end when its session, idle over HTTP, times out. Called while the
     * credential holds; what outlives the connection expires as usual after the session timeout.
     */
    public void keepAlive(Credential credential) {
        if (!(credential instanceof Credential.Session signedIn)) {
            return;
        }
        HttpSession session = signedIn.session();
        try {
            int timeout = session.getServletContext().getSessionTimeout() * 60;
            if (timeout <= 0) {
                return;
            }
            long idle = (System.currentTimeMillis() - session.getLastAccessedTime()) / 1000;
            session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, idle + timeout));
        } catch (IllegalStateException e) {
            // ended meanwhile: the next check ends the connection
        }
    }

    private static boolean lasts(HttpSession session) {
        try {
            session.getCreationTime(); // refused once the session was invalidated (signed out, expired, ended)
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
