package org.fountain.accounts;

import org.fountain.accounts.security.UserRows;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** The accounts facade: registering users. */
@Service
public class Accounts {

    private final UserRows users;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;

    Accounts(UserRows users, PasswordEncoder passwords, ApplicationEventPublisher events) {
        this.users = users;
        this.passwords = passwords;
        this.events = events;
    }

    /**
     * Creates a user with role {@link Role#USER}.
     *
     * @throws UsernameTakenException when the name exists (names are compared case-insensitively)
     */
    public void register(String username, String rawPassword) {
        if (users.exists(username)) {
            throw UsernameTakenException.forName(username);
        }
        try {
            users.insert(username, passwords.encode(rawPassword), Role.USER);
        } catch (DuplicateKeyException e) {
            throw UsernameTakenException.forName(username);
        }
        events.publishEvent(new UserRegistered(username));
    }
}
