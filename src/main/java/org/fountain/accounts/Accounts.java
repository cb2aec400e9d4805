package org.fountain.accounts;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fountain.accounts.security.AccountStates;
import org.fountain.accounts.security.UserRows;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** The accounts facade: registering users. */
@Service
public class Accounts {

    /** Fewer characters than this is too easy to guess. */
    public static final int MIN_PASSWORD_CHARS = 12;

    /** bcrypt reads no further than this many bytes of a password. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final UserRows users;
    private final AccountStates states;
    private final ApiTokens tokens;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final String adminUsername;
    private final AccountsProperties.Registration registration;

    Accounts(
            UserRows users,
            AccountStates states,
            ApiTokens tokens,
            PasswordEncoder passwords,
            ApplicationEventPublisher events,
            AccountsProperties properties) {
        this.users = users;
        this.states = states;
        this.tokens = tokens;
        this.passwords = passwords;
        this.events = events;
        this.adminUsername = properties.adminUsername();
        this.registration = properties.registration();
    }

    /** Who may register here. */
    public AccountsProperties.Registration registration() {
        return registration;
    }

    /** Accounts registered and not yet approved, oldest first. */
    public List<String> awaitingApproval() {
        return users.disabledUsers();
    }

    /** Every account, by name. */
    public List<UserSummary> users() {
        return users.summaries();
    }

    /**
     * Stops an account from signing in (its open sessions end at their next request); false when there is no such
     * enabled account.
     *
     * @throws IllegalArgumentException when an administrator tries to disable their own account
     */
    public boolean disable(String username, String by) {
        if (username.equals(by)) {
            throw new IllegalArgumentException("An administrator cannot disable their own account");
        }
        boolean changed = users.disable(username, by);
        states.refresh();
        return changed;
    }

    /** Lets a disabled or waiting account sign in again; false when there is no such account. */
    public boolean enable(String username) {
        boolean changed = users.enable(username);
        states.refresh();
        return changed;
    }

    /**
     * Changes an account's role; false when it already has it or does not exist.
     *
     * @throws IllegalArgumentException when an administrator tries to take their own role away
     */
    public boolean changeRole(String username, Role role, String by) {
        if (username.equals(by) && role != Role.ADMIN) {
            throw new IllegalArgumentException("An administrator cannot take away their own role");
        }
        boolean changed = users.setRole(username, role);
        states.refresh(); // the account's sessions end at their next request: signed in again, it has the new role
        return changed;
    }

    /**
     * Replaces an account's password with a new random one, returned to be shown once and never stored in the clear;
     * empty when there is no such account. The account's sessions end and its tokens are revoked: a reset is how an
     * administrator takes back an account whose password may be known to someone else.
     */
    public Optional<String> resetPassword(String username) {
        if (users.passwordHash(username).isEmpty()) {
            return Optional.empty();
        }
        String password = randomPassword();
        users.updatePassword(username, Objects.requireNonNull(passwords.encode(password)));
        tokens.revokeAll(username);
        states.refresh();
        return Optional.of(password);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lets a registered account sign in; false when there is no such account waiting. */
    public boolean approve(String username) {
        return users.enable(username);
    }

    /** What is wrong with a password, or null when it will do. */
    public static @Nullable String passwordProblem(String rawPassword) {
        if (rawPassword == null || rawPassword.codePointCount(0, rawPassword.length()) < MIN_PASSWORD_CHARS) {
            return "At least " + MIN_PASSWORD_CHARS + " characters";
        }
        if (rawPassword.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return "At most " + MAX_PASSWORD_BYTES + " bytes (bcrypt reads no further): fewer characters, or fewer"
                    + " accented or non-Latin ones, which take two to four bytes each";
        }
        return null;
    }

    /**
     * Replaces a user's password when the current one is given right. The account's sessions end, but for the one the
     * caller renews ({@link Credentials#renew}); its tokens stay, each revoked on its own.
     *
     * @return false when {@code currentPassword} is wrong (nothing changes)
     * @throws InvalidPasswordException when {@link #passwordProblem} finds one in the new password
     */
    public boolean changePassword(String username, String currentPassword, String newPassword) {
        String stored = users.passwordHash(username).orElse(null);
        if (stored == null || currentPassword == null || !passwords.matches(currentPassword, stored)) {
            return false;
        }
        String problem = passwordProblem(newPassword);
        if (problem != null) {
            throw new InvalidPasswordException(problem);
        }
        users.updatePassword(username, Objects.requireNonNull(passwords.encode(newPassword)));
        states.refresh(); // the account's other sessions end at their next request (the caller renews its own)
        return true;
    }

    /**
     * Creates a user with role {@link Role#USER}.
     *
     * @throws UsernameTakenException when the name exists (names are compared case-insensitively) or is the
     *     administrator's, which is reserved even before the administrator is created
     * @throws InvalidPasswordException when {@link #passwordProblem} finds one
     * @throws RegistrationClosedException when registration is closed
     * @return true when the account may sign in now, false when it waits for an administrator's approval
     */
    public boolean register(String username, String rawPassword) {
        if (registration == AccountsProperties.Registration.CLOSED) {
            throw new RegistrationClosedException();
        }
        String problem = passwordProblem(rawPassword);
        if (problem != null) {
            throw new InvalidPasswordException(problem);
        }
        if (username.equalsIgnoreCase(adminUsername) || users.exists(username)) {
            throw UsernameTakenException.forName(username);
        }
        try {
            users.insert(
                    username,
                    Objects.requireNonNull(passwords.encode(rawPassword)),
                    Role.USER,
                    registration == AccountsProperties.Registration.OPEN);
        } catch (DuplicateKeyException e) {
            throw UsernameTakenException.forName(username);
        }
        events.publishEvent(new UserRegistered(username));
        return registration == AccountsProperties.Registration.OPEN;
    }
}
